//! The client side of the runner protocol: an [`Engine`] whose answers come
//! from an adapter process (`canon run --impl 'COMMAND'`).
//!
//! The adapter is started with `sh -c COMMAND` in its own process group; its
//! stdin and stdout carry one JSON line per request and per answer, and its
//! stderr goes to a temporary file whose last lines are quoted when it
//! fails. Everything is single-threaded: `poll(2)` on non-blocking pipes
//! gives each request its deadline. An adapter that crashes, hangs past the
//! timeout or prints something that is not the answer is killed; the request
//! is answered [`Answer::Broken`] with what happened, and the adapter is
//! started again for the next request. After [`MAX_CONSECUTIVE_FAILURES`]
//! broken answers in a row it is not started again: the remaining requests
//! are answered `Broken` at once, so a dead adapter cannot stall a run.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rustix::event::{poll, PollFd, PollFlags, Timespec};
use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
use rustix::process::{kill_process_group, Pid, Signal};

use super::engine::{
    Answer, BlockRequest, ChainRequest, DecodeRequest, Engine, Request, ScriptRequest,
    SighashRequest, TxInContextRequest, TxRequest,
};
use super::protocol::{answer_from_json, hello_from_json, hello_request, request_to_json, Hello};
use super::test_flags::parse_test_flags;
use crate::script::VerifyFlags;

/// Broken answers in a row after which the adapter is given up.
pub const MAX_CONSECUTIVE_FAILURES: usize = 5;

/// The longest answer line accepted (a block's facts fit many times over).
const MAX_LINE_BYTES: usize = 16 << 20;

/// How many bytes of the adapter's stderr a failure report quotes.
const STDERR_TAIL_BYTES: usize = 600;

/// What went wrong with the adapter, counted over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdapterStats {
    /// Processes started.
    pub starts: usize,
    /// Requests during which the adapter exited or closed its output.
    pub crashes: usize,
    /// Requests that timed out.
    pub timeouts: usize,
    /// Answers that were not a valid answer to the request.
    pub garbage: usize,
    /// Requests not sent because the adapter had been given up.
    pub not_sent: usize,
}

/// A running adapter process.
struct Process {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    /// Bytes read from stdout that do not yet form a whole line.
    pending: Vec<u8>,
}

/// Why an exchange produced no answer line.
enum Failure {
    Crash(String),
    Timeout,
    Garbage(String),
}

/// An engine backed by an adapter process.
pub struct AdapterEngine {
    command: String,
    timeout: Duration,
    stderr_path: PathBuf,
    process: Option<Process>,
    hello: Hello,
    script_flags: VerifyFlags,
    failures_in_a_row: usize,
    given_up: Option<String>,
    /// What went wrong so far.
    pub stats: AdapterStats,
}

impl AdapterEngine {
    /// An engine for `command` with a per-request `timeout`. Nothing is
    /// started until [`AdapterEngine::start`] or the first request.
    pub fn new(command: &str, timeout: Duration) -> Self {
        static ENGINES: AtomicUsize = AtomicUsize::new(0);
        let stderr_path = std::env::temp_dir().join(format!(
            "canon-adapter-{}-{}.stderr",
            std::process::id(),
            ENGINES.fetch_add(1, Ordering::Relaxed)
        ));
        AdapterEngine {
            command: command.to_string(),
            timeout,
            stderr_path,
            process: None,
            hello: Hello::default(),
            script_flags: all_flags(),
            failures_in_a_row: 0,
            given_up: None,
            stats: AdapterStats::default(),
        }
    }

    /// Starts the adapter and reads its handshake.
    ///
    /// # Errors
    /// Why the adapter could not be started or answered `hello` wrongly.
    pub fn start(&mut self) -> Result<(), String> {
        self.stop();
        self.stats.starts += 1;
        let stderr = File::create(&self.stderr_path)
            .map_err(|e| format!("cannot create {}: {e}", self.stderr_path.display()))?;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&self.command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start `sh -c {}`: {e}", self.command))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            unreachable!("stdin and stdout were piped above");
        };
        set_nonblocking(&stdin)
            .and_then(|()| set_nonblocking(&stdout))
            .map_err(|e| format!("cannot set the adapter's pipes non-blocking: {e}"))?;
        self.process = Some(Process {
            child,
            stdin,
            stdout,
            pending: Vec::new(),
        });
        let line = self
            .exchange(&hello_request().to_string())
            .map_err(|failure| self.describe(failure, "the handshake"))?;
        let hello = hello_from_json(&line).map_err(|why| {
            self.stats.garbage += 1;
            self.stop();
            format!(
                "the adapter's answer to hello is invalid: {why}: {}",
                quote(&line)
            )
        })?;
        self.script_flags = match &hello.script_flags {
            Some(names) => parse_test_flags(names).unwrap_or_else(|_| all_flags()),
            None => all_flags(),
        };
        self.hello = hello;
        Ok(())
    }

    /// The adapter's handshake (defaults until it has answered one).
    pub fn hello(&self) -> &Hello {
        &self.hello
    }

    /// Kills the adapter process, if one runs.
    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            kill(&mut process.child);
        }
    }

    /// Sends one request and reads its answer, starting the adapter first
    /// when none runs.
    pub fn request(&mut self, id: &str, request: &Request) -> Answer {
        if let Some(kinds) = &self.hello.kinds {
            if !kinds.iter().any(|k| k == request.kind()) {
                return Answer::Unsupported(format!(
                    "the adapter declares kinds [{}], not {}",
                    kinds.join(", "),
                    request.kind()
                ));
            }
        }
        if let Some(why) = &self.given_up {
            self.stats.not_sent += 1;
            return Answer::Broken(format!("not sent: {why}"));
        }
        let answer = match self.ensure_started() {
            Err(why) => Answer::Broken(why),
            Ok(()) => self.ask(id, request),
        };
        match &answer {
            Answer::Broken(why) => {
                self.failures_in_a_row += 1;
                if self.failures_in_a_row >= MAX_CONSECUTIVE_FAILURES {
                    self.given_up = Some(format!(
                        "the adapter failed {MAX_CONSECUTIVE_FAILURES} requests in a row; the last: {why}"
                    ));
                    self.stop();
                }
            }
            _ => self.failures_in_a_row = 0,
        }
        answer
    }

    fn ensure_started(&mut self) -> Result<(), String> {
        match self.process {
            Some(_) => Ok(()),
            None => self.start(),
        }
    }

    fn ask(&mut self, id: &str, request: &Request) -> Answer {
        let line = request_to_json(id, request).to_string();
        let answer = self.exchange(&line).and_then(|reply| {
            answer_from_json(&reply, id, &self.hello.reasons)
                .map_err(|why| Failure::Garbage(format!("{why}: {}", quote(&reply))))
        });
        answer.unwrap_or_else(|failure| Answer::Broken(self.describe(failure, "the request")))
    }

    /// Counts a failure, kills the adapter and says what happened, quoting
    /// the end of its stderr.
    fn describe(&mut self, failure: Failure, during: &str) -> String {
        let text = match failure {
            Failure::Crash(how) => {
                self.stats.crashes += 1;
                format!("adapter crashed during {during}: {how}")
            }
            Failure::Timeout => {
                self.stats.timeouts += 1;
                format!(
                    "adapter timed out after {:.1} s during {during}",
                    self.timeout.as_secs_f64()
                )
            }
            Failure::Garbage(what) => {
                self.stats.garbage += 1;
                format!("adapter answered garbage during {during}: {what}")
            }
        };
        self.stop();
        match self.stderr_tail() {
            Some(tail) => format!("{text}; its stderr ends: {tail}"),
            None => text,
        }
    }

    fn stderr_tail(&self) -> Option<String> {
        let bytes = fs::read(&self.stderr_path).ok()?;
        let start = bytes.len().saturating_sub(STDERR_TAIL_BYTES);
        let text = String::from_utf8_lossy(&bytes[start..]).trim().to_string();
        (!text.is_empty()).then(|| quote(&text))
    }

    /// Writes `line` and a newline, then reads one answer line, within the
    /// timeout; output the adapter writes meanwhile is read as it comes, so
    /// neither side can block the other.
    fn exchange(&mut self, line: &str) -> Result<String, Failure> {
        let deadline = Instant::now() + self.timeout;
        let process = self
            .process
            .as_mut()
            .ok_or_else(|| Failure::Crash("not running".into()))?;
        let mut outgoing = format!("{line}\n").into_bytes();
        loop {
            if let Some(end) = process.pending.iter().position(|&b| b == b'\n') {
                let reply: Vec<u8> = process.pending.drain(..=end).collect();
                if !outgoing.is_empty() {
                    return Err(Failure::Garbage(format!(
                        "a line before the request was read: {}",
                        quote(&String::from_utf8_lossy(&reply))
                    )));
                }
                return String::from_utf8(reply)
                    .map(|text| text.trim_end().to_string())
                    .map_err(|_| Failure::Garbage("an answer that is not UTF-8".into()));
            }
            if process.pending.len() > MAX_LINE_BYTES {
                return Err(Failure::Garbage(format!(
                    "more than {MAX_LINE_BYTES} bytes without a newline"
                )));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Failure::Timeout);
            }
            let (readable, writable) = wait(process, !outgoing.is_empty(), left)?;
            if writable {
                match process.stdin.write(&outgoing) {
                    Ok(n) => {
                        outgoing.drain(..n);
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => return Err(crashed(process, &format!("its stdin: {e}"))),
                }
            }
            if readable {
                let mut chunk = [0u8; 64 * 1024];
                match process.stdout.read(&mut chunk) {
                    Ok(0) => return Err(crashed(process, "it closed its stdout")),
                    Ok(n) => process.pending.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => return Err(crashed(process, &format!("its stdout: {e}"))),
                }
            }
        }
    }
}

impl Drop for AdapterEngine {
    fn drop(&mut self) {
        self.stop();
        let _ = fs::remove_file(&self.stderr_path);
    }
}

impl Engine for AdapterEngine {
    fn name(&self) -> String {
        self.hello
            .name
            .clone()
            .unwrap_or_else(|| format!("`{}`", self.command))
    }

    fn script_flags(&self) -> VerifyFlags {
        self.script_flags
    }

    fn decode(&mut self, id: &str, request: &DecodeRequest) -> Answer {
        self.request(id, &Request::Decode(request.clone()))
    }

    fn verify_script(&mut self, id: &str, request: &ScriptRequest) -> Answer {
        self.request(id, &Request::Script(request.clone()))
    }

    fn check_transaction(&mut self, id: &str, request: &TxRequest) -> Answer {
        self.request(id, &Request::Tx(request.clone()))
    }

    fn check_tx_in_context(&mut self, id: &str, request: &TxInContextRequest) -> Answer {
        self.request(id, &Request::TxInContext(request.clone()))
    }

    fn block(&mut self, id: &str, request: &BlockRequest) -> Answer {
        self.request(id, &Request::Block(request.clone()))
    }

    fn chain(&mut self, id: &str, request: &ChainRequest) -> Answer {
        self.request(id, &Request::Chain(request.clone()))
    }

    fn sighash(&mut self, id: &str, request: &SighashRequest) -> Answer {
        self.request(id, &Request::Sighash(request.clone()))
    }
}

fn all_flags() -> VerifyFlags {
    crate::script::flags::ALL_FLAGS
        .iter()
        .fold(VerifyFlags::NONE, |all, (_, flag)| all.union(*flag))
}

/// Waits until stdout is readable (or closed) or, when `want_write`, stdin
/// is writable; at most `left`.
fn wait(process: &Process, want_write: bool, left: Duration) -> Result<(bool, bool), Failure> {
    let timeout = Timespec::try_from(left).unwrap_or(Timespec {
        tv_sec: i64::from(i32::MAX),
        tv_nsec: 0,
    });
    let write_events = if want_write {
        PollFlags::OUT
    } else {
        PollFlags::empty()
    };
    let mut fds = [
        PollFd::new(&process.stdout, PollFlags::IN),
        PollFd::new(&process.stdin, write_events),
    ];
    match poll(&mut fds, Some(&timeout)) {
        Ok(_) => {}
        Err(rustix::io::Errno::INTR) => return Ok((false, false)),
        Err(e) => return Err(Failure::Crash(format!("poll failed: {e}"))),
    }
    let closed = PollFlags::HUP | PollFlags::ERR;
    let readable = fds[0].revents().intersects(PollFlags::IN | closed);
    let writable = want_write && fds[1].revents().intersects(PollFlags::OUT | closed);
    Ok((readable, writable))
}

/// Describes how the adapter went away, waiting briefly for its status.
fn crashed(process: &mut Process, what: &str) -> Failure {
    let until = Instant::now() + Duration::from_millis(500);
    loop {
        match process.child.try_wait() {
            Ok(Some(status)) => return Failure::Crash(format!("{what}; exit {status}")),
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(5)),
            _ => return Failure::Crash(what.to_string()),
        }
    }
}

/// Kills the adapter's whole process group (the shell and what it started).
fn kill(child: &mut Child) {
    let _ = kill_process_group(Pid::from_child(child), Signal::KILL);
    let _ = child.kill();
    let _ = child.wait();
}

fn set_nonblocking(fd: impl rustix::fd::AsFd) -> io::Result<()> {
    let flags = fcntl_getfl(&fd)?;
    fcntl_setfl(&fd, flags | OFlags::NONBLOCK)?;
    Ok(())
}

/// A short, one-line quotation of adapter output.
fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    let one_line = text.replace('\n', "\\n");
    match one_line.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{:?}...", &one_line[..cut]),
        None => format!("{one_line:?}"),
    }
}
