package dev.jrun.oci;

import dev.jrun.linux.ConsoleSocket;
import dev.jrun.linux.Pty;
import dev.jrun.linux.Stdio;
import java.nio.file.Path;

/**
 * A detached container's terminal, as runc makes it: with process.terminal a pty whose slave is the
 * container's stdin/out/err and whose master goes to the caller over --console-socket (conmon and
 * containerd's shim copy it); without, the container keeps the runtime's own stdio.
 */
final class Console implements AutoCloseable {
    private final Pty pty;
    private final Path socket;

    private Console(Pty pty, Path socket) {
        this.pty = pty;
        this.socket = socket;
    }

    /** Checks terminal against consoleSocket as runc does; opens the pty when both are set. */
    static Console open(boolean terminal, Path consoleSocket) {
        if (terminal && consoleSocket == null) {
            throw new OciException("cannot allocate tty if jrun will detach without setting console socket "
                    + "(process.terminal is true: pass --console-socket, or set \"terminal\": false)");
        }
        if (!terminal && consoleSocket != null) {
            throw new OciException("cannot use console socket if jrun will not allocate a tty (process.terminal is false)");
        }
        return new Console(terminal ? Pty.open() : null, consoleSocket);
    }

    Stdio stdio() {
        return pty == null ? Stdio.inherit() : Stdio.terminal(pty.slave());
    }

    /** Sends the master to the console socket (once the container holds the slave). */
    void handOver() {
        if (pty != null) {
            ConsoleSocket.send(socket, pty.master(), pty.slavePath());
        }
    }

    @Override
    public void close() {
        if (pty != null) {
            pty.close();
        }
    }
}
