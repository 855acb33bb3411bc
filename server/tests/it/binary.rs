//! The real `mailmove` binary: `serve` on a free port, answers, and stops cleanly on
//! SIGTERM.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[test]
fn serve_answers_then_stops_gracefully_on_sigterm() {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dist.path().join("index.html"),
        "<!DOCTYPE html><title>t</title>",
    )
    .expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--nameserver",
            "127.0.0.1:9",
            "--dist",
        ])
        .arg(dist.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("mailmove starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .expect("announces its address");

    let health = http_get(addr, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"frontend\":true"), "{health}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(status.expect("kill runs").success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "exit status after SIGTERM: {status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "mailmove did not stop within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `mailmove serve` started by `sh` after `ulimit ARGS` (the open-file limit a service
/// manager may give it), and the address it announces.
#[cfg(target_os = "linux")]
fn serve_with_file_limit(ulimit: &str) -> (std::process::Child, String) {
    let mut child = Command::new("sh")
        .args([
            "-c",
            &format!("ulimit {ulimit} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_mailmove"),
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--nameserver",
            "127.0.0.1:9",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("mailmove starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("announces its address: {line:?}"))
        .to_owned();
    (child, addr)
}

/// The soft and hard open-file limits of a running process.
#[cfg(target_os = "linux")]
fn open_file_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .expect("open files line");
    let mut fields = line["Max open files".len()..].split_whitespace();
    let soft = fields.next().expect("soft").to_owned();
    let hard = fields.next().expect("hard").to_owned();
    (soft, hard)
}

#[cfg(target_os = "linux")]
#[test]
fn serve_raises_its_open_file_limit_to_the_hard_limit() {
    let (mut child, addr) = serve_with_file_limit("-Sn 128");
    let health = http_get(&addr, "/healthz");
    let (soft, hard) = open_file_limits(child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert_eq!(soft, hard, "the soft limit was raised");
}

/// The attack run's case at a smaller scale: more idle connections than the process
/// has files. Before the cap, accept failed for want of files and `/healthz` waited
/// with every newcomer.
#[cfg(target_os = "linux")]
#[test]
fn healthz_answers_through_more_idle_connections_than_files() {
    // The client side needs its own 400 files.
    mailmove_server::connections::raise_open_file_limit();
    let (mut child, addr) = serve_with_file_limit("-n 256");
    let idle: Vec<TcpStream> = (0..400)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let health = http_get(&addr, "/healthz");
    let _ = child.kill();
    let _ = child.wait();
    drop(idle);
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
}
