//! Postfix from Debian on a free loopback port: a real MTA for the SMTP probe, with
//! a virtual mailbox domain, unknown recipients refused at RCPT
//! (`smtpd_reject_unlisted_recipient`) and, when given, a TLS certificate.
//!
//! **Needs root.** Postfix's `master` refuses to start for anyone else ("the master
//! command is reserved for the superuser"), and its daemons change to the `postfix`
//! user; there is no unprivileged mode. Everything else is private to the test: its
//! own configuration and queue directory in a temp dir, only `127.0.0.1:PORT`, no
//! delivery (`discard:`), `master -d` in the foreground, stopped on drop.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

const MASTER: &str = "/usr/lib/postfix/sbin/master";
const POSTFIX: &str = "/usr/sbin/postfix";

/// What the test MTA serves.
#[derive(Clone, Debug)]
pub struct PostfixOptions {
    /// Its name (`myhostname`), which its certificate should carry.
    pub hostname: String,
    /// The virtual mailbox domain.
    pub domain: String,
    /// The addresses that exist; every other one at `domain` is refused at RCPT.
    pub mailboxes: Vec<String>,
    /// PEM certificate chain and private key for STARTTLS; none: no STARTTLS.
    pub tls: Option<(String, String)>,
}

/// A running Postfix, stopped when dropped.
pub struct Postfix {
    /// Where its SMTP server listens.
    pub addr: SocketAddr,
    child: Child,
    dir: tempfile::TempDir,
}

impl Postfix {
    /// Whether Postfix is installed and this process may start it (root).
    pub fn available() -> bool {
        Path::new(MASTER).exists() && is_root()
    }

    /// Why [`Postfix::available`] is false, for the skip message.
    pub fn unavailable_reason() -> &'static str {
        if !Path::new(MASTER).exists() {
            "Postfix is not installed (cargo xtask setup installs Debian's postfix)"
        } else {
            "Postfix's master runs only as root"
        }
    }

    /// Starts Postfix and waits until it greets on its port.
    pub async fn start(options: &PostfixOptions) -> anyhow::Result<Postfix> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        // The daemons run as `postfix`: they must reach the queue and the maps.
        set_mode(root, 0o755)?;
        for sub in ["conf", "queue", "data"] {
            std::fs::create_dir(root.join(sub))?;
            set_mode(&root.join(sub), 0o755)?;
        }
        let port = crate::free_port();
        let mut mailboxes = String::new();
        for mailbox in &options.mailboxes {
            mailboxes.push_str(&format!("{mailbox} {}/\n", options.domain));
        }
        std::fs::write(root.join("conf/vmailbox"), mailboxes)?;
        let mut tls = String::new();
        if let Some((chain, key)) = &options.tls {
            std::fs::write(root.join("conf/chain.pem"), chain)?;
            std::fs::write(root.join("conf/key.pem"), key)?;
            tls = format!(
                "smtpd_tls_security_level = may\n\
                 smtpd_tls_chain_files = {0}/conf/key.pem, {0}/conf/chain.pem\n\
                 smtpd_tls_session_cache_database =\n",
                root.display()
            );
        }
        let main_cf = format!(
            "compatibility_level = 3.6\n\
             queue_directory = {root}/queue\n\
             data_directory = {root}/data\n\
             inet_interfaces = 127.0.0.1\n\
             inet_protocols = ipv4\n\
             myhostname = {hostname}\n\
             mydestination =\n\
             mynetworks =\n\
             alias_maps =\n\
             alias_database =\n\
             virtual_mailbox_domains = {domain}\n\
             virtual_mailbox_maps = texthash:{root}/conf/vmailbox\n\
             virtual_transport = discard:\n\
             smtpd_reject_unlisted_recipient = yes\n\
             smtputf8_enable = no\n\
             maillog_file_prefixes = {root}\n\
             maillog_file = {root}/maillog\n\
             {tls}",
            root = root.display(),
            hostname = options.hostname,
            domain = options.domain,
        );
        std::fs::write(root.join("conf/main.cf"), main_cf)?;
        // service type private unpriv chroot wakeup maxproc command: no chroot, the
        // daemons as `postfix`.
        let master_cf = format!(
            "127.0.0.1:{port} inet n - n - - smtpd\n\
             pickup unix n - n 60 1 pickup\n\
             cleanup unix n - n - 0 cleanup\n\
             qmgr unix n - n 300 1 qmgr\n\
             tlsmgr unix - - n 1000? 1 tlsmgr\n\
             rewrite unix - - n - - trivial-rewrite\n\
             bounce unix - - n - 0 bounce\n\
             defer unix - - n - 0 bounce\n\
             trace unix - - n - 0 bounce\n\
             verify unix - - n - 1 verify\n\
             proxymap unix - - n - - proxymap\n\
             smtp unix - - n - - smtp\n\
             relay unix - - n - - smtp\n\
             error unix - - n - - error\n\
             retry unix - - n - - error\n\
             discard unix - - n - - discard\n\
             anvil unix - - n - 1 anvil\n\
             scache unix - - n - 1 scache\n\
             postlog unix-dgram n - n - 1 postlogd\n"
        );
        std::fs::write(root.join("conf/master.cf"), master_cf)?;
        let status = Command::new("chown")
            .args(["postfix", &format!("{}/data", root.display())])
            .status()
            .context("chown")?;
        if !status.success() {
            bail!("chown postfix {}/data failed", root.display());
        }
        // `postfix check` creates the queue directories with their owners and modes.
        let check = Command::new(POSTFIX)
            .arg("-c")
            .arg(root.join("conf"))
            .arg("check")
            .output()
            .context("postfix check")?;
        if !check.status.success() {
            bail!(
                "postfix check failed: {}{}{}",
                String::from_utf8_lossy(&check.stdout),
                String::from_utf8_lossy(&check.stderr),
                std::fs::read_to_string(root.join("maillog")).unwrap_or_default()
            );
        }
        let child = Command::new(MASTER)
            .arg("-c")
            .arg(root.join("conf"))
            .arg("-d")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("start postfix master")?;
        let postfix = Postfix {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            child,
            dir,
        };
        postfix.wait_for_greeting().await?;
        Ok(postfix)
    }

    /// Postfix's log so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("maillog")).unwrap_or_default()
    }

    async fn wait_for_greeting(&self) -> anyhow::Result<()> {
        use tokio::io::AsyncReadExt as _;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(mut tcp) = tokio::net::TcpStream::connect(self.addr).await {
                let mut greeting = [0_u8; 3];
                let read =
                    tokio::time::timeout(Duration::from_secs(5), tcp.read_exact(&mut greeting));
                if matches!(read.await, Ok(Ok(_))) && &greeting == b"220" {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("postfix did not greet on {}: {}", self.addr, self.log());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        // SIGTERM: master stops its daemons too (SIGKILL would orphan them).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}
