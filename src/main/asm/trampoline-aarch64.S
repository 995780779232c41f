/*
 * jrun's clone3 trampoline for aarch64: the same contract as trampoline-x86_64.S.
 *
 * C signature: long trampoline(struct table *t), called through jffi.
 *
 * struct table (all fields 8 bytes):
 *    0  clone_args *args,  8 size of clone_args, 16 number of entries, 24 entry *entries,
 *   32  failed index (written by the child), 40 errno (written by the child),
 *   48  forked pid (written by a fork entry's parent side)
 * struct entry (64 bytes): nr, arg0..arg5, flags: bits 0-31 an errno that counts as success
 * (0: none), bit 32 "arg0 is the result of the last successful entry", bit 33 "this entry
 * forks": the new process (result 0) walks on, the forking one stores the pid and exits 0.
 *
 * The parent returns clone3's result; the child walks the entries with svc #0 and on a
 * failure (x0 in [-4095, -1], not the ignored errno) stores index and errno and exits 127.
 * The child never touches the stack.
 */
        .text
        .globl  trampoline
trampoline:
        stp     x19, x20, [sp, #-32]!   /* x19-x21 are callee-saved: keep the caller's */
        str     x21, [sp, #16]
        mov     x19, x0                 /* x19 = table; the child inherits registers */
        ldr     x0, [x19, #0]           /* clone3(args, size) */
        ldr     x1, [x19, #8]
        mov     x8, #435                /* __NR_clone3 */
        svc     #0
        cbz     x0, child
        ldr     x21, [sp, #16]          /* parent (or error): return pid or -errno */
        ldp     x19, x20, [sp], #32
        ret

child:
        ldr     x20, [x19, #24]         /* x20 = current entry */
        mov     x21, #0                 /* x21 = index */
next:
        ldr     x9, [x19, #16]
        cmp     x21, x9
        b.hs    done
        ldr     x8, [x20, #0]           /* syscall number */
        ldp     x0, x1, [x20, #8]
        ldr     w10, [x20, #60]         /* flag bit 32: chain the last result? */
        tbz     w10, #0, args
        mov     x0, x22                 /* x22 = result of the last successful entry */
args:
        ldp     x2, x3, [x20, #24]
        ldp     x4, x5, [x20, #40]
        svc     #0
        cmn     x0, #4095
        b.hs    failed                  /* carry: x0 + 4095 wrapped, x0 in [-4095, -1] */
        mov     x22, x0
        ldr     w10, [x20, #60]         /* flag bit 33: a fork? */
        tbz     w10, #1, advance
        cbz     x0, advance             /* the new process walks on */
        str     x0, [x19, #48]          /* the forking one: report the pid, exit 0 */
        mov     x0, #0
        b       exit
advance:
        add     x20, x20, #64
        add     x21, x21, #1
        b       next

failed:
        neg     x9, x0                  /* x9 = errno */
        ldr     w10, [x20, #56]         /* low 32 bits: the ignored errno */
        cmp     w9, w10
        b.eq    advance                 /* this errno is expected (e.g. EEXIST on mkdir) */
        str     x21, [x19, #32]
        str     x9, [x19, #40]
        mov     x0, #127
        b       exit

done:                                   /* table ran out without execve: exit 0 */
        mov     x0, #0
exit:
        mov     x8, #94                 /* __NR_exit_group */
        svc     #0
        brk     #0                      /* not reached */
