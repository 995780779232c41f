/*
 * jrun's clone3 trampoline for x86_64: the only native code in jrun.
 *
 * C signature: long trampoline(struct table *t), called through jffi.
 *
 * struct table (prepared by dev.jrun.linux.SyscallTable, all fields 8 bytes):
 *    0  clone_args *args      for clone3; the child gets its own stack from args->stack
 *    8  size of clone_args
 *   16  number of entries
 *   24  entry *entries        array of 64-byte entries, see below
 *   32  failed index          written by the child when an entry fails (Java presets -1)
 *   40  errno                 written by the child with the failed index
 *   48  forked pid            written by a fork entry's parent side (Java presets 0)
 *
 * struct entry (64 bytes): nr, arg0..arg5, then flags: bits 0-31 an errno that counts as
 * success (0: none), bit 32 "arg0 is the result of the last successful entry" (so a socket or
 * an open file can be used by the next step: socket then ioctl, openat then write), bit 33
 * "this entry forks" (clone3 with CLONE_VM|CLONE_VFORK|CLONE_PARENT, for exec: a process that
 * joined a PID namespace with setns must fork to put a process in it): the new process (result
 * 0) walks on; the forking one stores the new pid in the table and exits 0 at once.
 *
 * The parent returns clone3's result (the child's pid, or -errno). The child shares the
 * parent's memory (CLONE_VM) and runs only the code below: for each entry it issues the raw
 * syscall; a result in [-4095, -1] is an error unless it equals -(ignored errno); then it
 * stores the entry's index and errno in the table and exits 127. The last entry is execve,
 * which does not return when it succeeds. The child never touches the stack.
 */
        .text
        .globl  trampoline
trampoline:
        push    %rbx                    /* rbx is callee-saved: keep the caller's */
        mov     %rdi, %rbx              /* rbx = table; the child inherits registers */
        mov     0(%rbx), %rdi           /* clone3(args, size) */
        mov     8(%rbx), %rsi
        mov     $435, %eax              /* __NR_clone3 */
        syscall
        test    %rax, %rax
        jz      child
        pop     %rbx                    /* parent (or error): return pid or -errno */
        ret

child:
        mov     24(%rbx), %r12          /* r12 = current entry */
        xor     %r13d, %r13d            /* r13 = index */
next:
        cmp     16(%rbx), %r13
        jae     done
        mov     0(%r12), %rax           /* syscall number */
        mov     8(%r12), %rdi
        testb   $1, 60(%r12)            /* flag bit 32: chain the last result? */
        jz      args
        mov     %r14, %rdi              /* r14 = result of the last successful entry */
args:
        mov     16(%r12), %rsi
        mov     24(%r12), %rdx
        mov     32(%r12), %r10          /* 4th argument goes in r10, not rcx */
        mov     40(%r12), %r8
        mov     48(%r12), %r9
        syscall
        cmp     $-4095, %rax
        jae     failed                  /* unsigned: rax in [-4095, -1] */
        mov     %rax, %r14
        testb   $2, 60(%r12)            /* flag bit 33: a fork? */
        jz      advance
        test    %rax, %rax
        jz      advance                 /* the new process walks on */
        mov     %rax, 48(%rbx)          /* the forking one: report the pid, exit 0 */
        xor     %edi, %edi
        jmp     exit
advance:
        add     $64, %r12
        inc     %r13
        jmp     next

failed:
        neg     %rax                    /* rax = errno */
        cmp     56(%r12), %eax              /* low 32 bits: the ignored errno */
        je      advance                 /* this errno is expected (e.g. EEXIST on mkdir) */
        mov     %r13, 32(%rbx)
        mov     %rax, 40(%rbx)
        mov     $127, %edi
        jmp     exit

done:                                   /* table ran out without execve: exit 0 */
        xor     %edi, %edi
exit:
        mov     $231, %eax              /* __NR_exit_group */
        syscall
        hlt                             /* not reached */
