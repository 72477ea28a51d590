//! Time slices: the protocol thread asks the kernel for short ones, the analysis thread keeps the
//! default.
//!
//! On two cores an analysis of a 1 MB document holds one core for 10–20 ms while the editor holds
//! the other; a hover that arrives then waits until the protocol thread gets a core. Linux's
//! scheduler (EEVDF, since 6.6) lets a running thread finish its slice (about 3 ms on two cores)
//! before a thread that wakes takes its core, unless the one that wakes asked for a shorter slice
//! (since 6.12): then it runs at once. The protocol thread's work per message is 0.01–0.3 ms, so
//! it asks for the shortest slice, 0.1 ms; the analysis thread, which inherits its creator's
//! attributes, asks for the default back. Measured in docs/performance.md (session 14).
//!
//! Best effort: a kernel before 6.12 ignores the slice of an ordinary thread, and any error (a
//! sandbox that filters the call) only goes to the debug log. The thread's scheduling policy and
//! nice value are kept as they were.

/// The slice the protocol thread asks for: the shortest the kernel grants (it clamps to 0.1–100 ms).
#[cfg(target_os = "linux")]
const PROTOCOL_SLICE_NS: u64 = 100_000;

/// Asks for short time slices for the calling thread (the protocol thread).
pub fn short_for_this_thread() {
    #[cfg(target_os = "linux")]
    set(PROTOCOL_SLICE_NS);
}

/// Asks for the kernel's default time slices for the calling thread (an analysis thread).
pub fn default_for_this_thread() {
    #[cfg(target_os = "linux")]
    set(0);
}

/// The protocol thread while it analyses a short document (`diagnostics`), for as long as it lives:
/// the default slice, as the analysis thread has. With the short one, a millisecond of analysis
/// was cut into tenths among the machine's other threads, and the analysis and the writing of its
/// result took longer, not shorter, than on the analysis thread (docs/performance.md, session 20).
/// Dropped, it gives the short slice back (before the thread next waits for the client, when the
/// short slice matters). Not logged: it happens after every keystroke.
pub struct Analysing(());

impl Analysing {
    pub fn start() -> Analysing {
        #[cfg(target_os = "linux")]
        let _ = set_quietly(0);
        Analysing(())
    }
}

impl Drop for Analysing {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        let _ = set_quietly(PROTOCOL_SLICE_NS);
    }
}

/// `struct sched_attr` of `sched_setattr(2)`, in its first published size (48 bytes).
#[cfg(target_os = "linux")]
#[repr(C)]
struct SchedAttr {
    size: u32,
    sched_policy: u32,
    sched_flags: u64,
    sched_nice: i32,
    sched_priority: u32,
    /// For an ordinary (fair) thread: its slice in nanoseconds, 0 for the default (Linux 6.12).
    sched_runtime: u64,
    sched_deadline: u64,
    sched_period: u64,
}

/// `SCHED_FLAG_KEEP_POLICY`: the call changes the parameters, not the policy.
#[cfg(target_os = "linux")]
const SCHED_FLAG_KEEP_POLICY: u64 = 0x08;

#[cfg(target_os = "linux")]
fn set(slice_ns: u64) {
    match set_quietly(slice_ns) {
        Ok(()) => tracing::debug!("time slice of this thread: {slice_ns} ns (0: the default)"),
        Err(why) => tracing::debug!("time slices left as they are: {why}"),
    }
}

#[cfg(target_os = "linux")]
fn set_quietly(slice_ns: u64) -> Result<(), String> {
    // The thread's nice value, which the call would otherwise set to 0 (and an unprivileged
    // thread may not lower). `getpriority` returns it directly; -1 is also a valid nice value, so
    // errno tells an error apart.
    // SAFETY: plain system calls on the calling thread (who = 0), with no pointers but `attr`, which
    // lives for the call and has the size it declares.
    let nice = unsafe {
        *libc::__errno_location() = 0;
        let nice = libc::getpriority(libc::PRIO_PROCESS, 0);
        if nice == -1 && *libc::__errno_location() != 0 {
            return Err("cannot read the nice value".into());
        }
        nice
    };
    let attr = SchedAttr {
        size: std::mem::size_of::<SchedAttr>() as u32,
        sched_policy: 0,
        sched_flags: SCHED_FLAG_KEEP_POLICY,
        sched_nice: nice,
        sched_priority: 0,
        sched_runtime: slice_ns,
        sched_deadline: 0,
        sched_period: 0,
    };
    // SAFETY: as above; `sched_setattr(0, &attr, 0)` reads `attr.size` bytes of `attr`.
    let result = unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &attr as *const SchedAttr, 0) };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error().to_string())
    }
}
