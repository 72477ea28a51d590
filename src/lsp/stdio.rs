//! The server's stdin and stdout.
//!
//! tokio's `stdin()`/`stdout()` do every read and write on its blocking thread pool: each message in
//! and each answer out is a hand-off to another thread and back. On Unix, when stdin and stdout are
//! pipes — the usual way an editor starts a language server — they are instead registered with the
//! runtime's I/O driver (non-blocking pipes), so messages are read and written by the thread that
//! handles them. On a busy machine that removes the scheduling waits that dominate hover and
//! completion tail latency. Anything else (a terminal, a file, a socket, and every handle on other
//! platforms, where tokio has no such pipe type for the standard handles) uses tokio's blocking
//! handles, which work everywhere.

use tokio::io::{AsyncRead, AsyncWrite};

pub type Reader = Box<dyn AsyncRead + Unpin + Send>;
pub type Writer = Box<dyn AsyncWrite + Unpin + Send>;

/// Says whether the client has written bytes the server has not read yet.
pub type Waiting = fn() -> bool;

/// Stdin, as a non-blocking pipe where the platform allows, and, then, a look at whether bytes wait
/// in it (`None` on a blocking thread, which reads ahead). Must be called inside the runtime.
pub fn stdin() -> (Reader, Option<Waiting>) {
    #[cfg(unix)]
    match unix_pipe::stdin() {
        Ok(receiver) => return (Box::new(receiver), Some(unix_pipe::stdin_waiting)),
        Err(error) => {
            tracing::debug!("stdin is not a pipe ({error}); reading it on a blocking thread");
        }
    }
    (Box::new(tokio::io::stdin()), None)
}

/// Stdout, as a non-blocking pipe where the platform allows. Must be called inside the runtime.
pub fn stdout() -> Writer {
    #[cfg(unix)]
    match unix_pipe::stdout() {
        Ok(sender) => return Box::new(sender),
        Err(error) => {
            tracing::debug!("stdout is not a pipe ({error}); writing it on a blocking thread");
        }
    }
    Box::new(tokio::io::stdout())
}

/// The Unix-only path: the standard handles as tokio pipes (which fail when they are not pipes).
#[cfg(unix)]
mod unix_pipe {
    use std::io;
    use std::os::fd::AsFd;

    use tokio::net::unix::pipe;

    pub fn stdin() -> io::Result<pipe::Receiver> {
        io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .and_then(pipe::Receiver::from_owned_fd)
    }

    /// Whether stdin has bytes to read, or its writer has gone (which a read must see too): one
    /// `poll(2)` that does not wait.
    pub fn stdin_waiting() -> bool {
        let mut fd = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: `fd` lives for the call, which reads and writes it alone, and the count is 1.
        let ready = unsafe { libc::poll(&mut fd, 1, 0) };
        ready > 0 && fd.revents != 0
    }

    pub fn stdout() -> io::Result<pipe::Sender> {
        io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .and_then(pipe::Sender::from_owned_fd)
    }
}
