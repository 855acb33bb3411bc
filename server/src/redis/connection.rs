//! One pooled connection to Redis: RESP2 commands and replies, each bounded by
//! [`MAX_REPLY`].

use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

use super::{MAX_REPLY, Op, RedisError, RedisUrl, Script};

/// One Redis reply (RESP2), arrays left out: no command we send returns one.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    Simple(String),
    Integer(i64),
    Bulk(Option<Vec<u8>>),
    Error(String),
}

/// One connection; `in_flight` is set while a command waits for its reply, so a call
/// cut off by the timeout leaves a connection that is thrown away, not reused with
/// someone else's reply in it.
pub(super) struct Connection {
    stream: BufReader<TcpStream>,
    pub(super) in_flight: bool,
}

impl Connection {
    pub(super) async fn open(url: &RedisUrl) -> Result<Connection, RedisError> {
        let stream = TcpStream::connect((url.host.as_str(), url.port)).await?;
        stream.set_nodelay(true)?;
        let mut connection = Connection {
            stream: BufReader::new(stream),
            in_flight: false,
        };
        if let Some(password) = &url.password {
            let mut args = vec![b"AUTH".as_slice()];
            if let Some(user) = &url.user {
                args.push(user.as_bytes());
            }
            args.push(password.as_bytes());
            connection.expect_ok(&args).await?;
        }
        if let Some(db) = url.db {
            connection
                .expect_ok(&[b"SELECT", db.to_string().as_bytes()])
                .await?;
        }
        Ok(connection)
    }

    pub(super) async fn run(&mut self, op: &Op<'_>) -> Result<i64, RedisError> {
        let reply = match op {
            Op::Ping => self.command(&[b"PING"]).await?,
            Op::Eval { script, keys, args } => return self.eval(script, keys, args).await,
            Op::Zrem { key, member } => {
                self.command(&[b"ZREM", key.as_bytes(), member.as_bytes()])
                    .await?
            }
        };
        match reply {
            Reply::Integer(value) => Ok(value),
            Reply::Simple(_) => Ok(0),
            Reply::Error(message) => Err(RedisError::Server(message)),
            Reply::Bulk(_) => Err(RedisError::Protocol("unexpected string")),
        }
    }

    async fn expect_ok(&mut self, args: &[&[u8]]) -> Result<(), RedisError> {
        match self.command(args).await? {
            Reply::Simple(_) => Ok(()),
            Reply::Error(message) => Err(RedisError::Server(message)),
            _ => Err(RedisError::Protocol("expected +OK")),
        }
    }

    async fn command(&mut self, args: &[&[u8]]) -> Result<Reply, RedisError> {
        self.in_flight = true;
        let mut request = format!("*{}\r\n", args.len()).into_bytes();
        for arg in args {
            request.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
            request.extend_from_slice(arg);
            request.extend_from_slice(b"\r\n");
        }
        self.stream.get_mut().write_all(&request).await?;
        let reply = self.read_reply().await?;
        self.in_flight = false;
        Ok(reply)
    }

    async fn read_line(&mut self) -> Result<String, RedisError> {
        let mut line = Vec::new();
        (&mut self.stream)
            .take(MAX_REPLY as u64)
            .read_until(b'\n', &mut line)
            .await?;
        let line = line
            .strip_suffix(b"\r\n")
            .ok_or(RedisError::Protocol("line without CRLF (or too long)"))?;
        String::from_utf8(line.to_vec()).map_err(|_| RedisError::Protocol("line not UTF-8"))
    }

    async fn read_reply(&mut self) -> Result<Reply, RedisError> {
        let line = self.read_line().await?;
        let (kind, rest) = line
            .split_at_checked(1)
            .ok_or(RedisError::Protocol("empty line"))?;
        match kind {
            "+" => Ok(Reply::Simple(rest.to_owned())),
            "-" => Ok(Reply::Error(rest.to_owned())),
            ":" => rest
                .parse()
                .map(Reply::Integer)
                .map_err(|_| RedisError::Protocol("bad integer")),
            "$" => {
                let length: i64 = rest
                    .parse()
                    .map_err(|_| RedisError::Protocol("bad length"))?;
                if length < 0 {
                    return Ok(Reply::Bulk(None));
                }
                let length = usize::try_from(length)
                    .ok()
                    .filter(|length| *length <= MAX_REPLY)
                    .ok_or(RedisError::Protocol("string too long"))?;
                let mut data = vec![0; length + 2];
                self.stream.read_exact(&mut data).await?;
                if !data.ends_with(b"\r\n") {
                    return Err(RedisError::Protocol("string without CRLF"));
                }
                data.truncate(length);
                Ok(Reply::Bulk(Some(data)))
            }
            _ => Err(RedisError::Protocol("unexpected reply type")),
        }
    }

    /// Runs `script`: by digest, loading it first if this process has not yet, and
    /// by its text when Redis has forgotten it (a restart, `SCRIPT FLUSH`).
    async fn eval(
        &mut self,
        script: &Script,
        keys: &[String],
        args: &[String],
    ) -> Result<i64, RedisError> {
        let digest = match script.digest.get() {
            Some(digest) => digest.clone(),
            None => match self
                .command(&[b"SCRIPT", b"LOAD", script.text.as_bytes()])
                .await?
            {
                Reply::Bulk(Some(digest)) => {
                    let digest = String::from_utf8(digest)
                        .map_err(|_| RedisError::Protocol("digest not UTF-8"))?;
                    script.digest.get_or_init(|| digest).clone()
                }
                Reply::Error(message) => return Err(RedisError::Server(message)),
                _ => return Err(RedisError::Protocol("SCRIPT LOAD gave no digest")),
            },
        };
        let key_count = keys.len().to_string();
        let tail = std::iter::once(key_count.as_bytes())
            .chain(keys.iter().map(String::as_bytes))
            .chain(args.iter().map(String::as_bytes));
        let by_digest: Vec<&[u8]> = [b"EVALSHA".as_slice(), digest.as_bytes()]
            .into_iter()
            .chain(tail.clone())
            .collect();
        let reply = match self.command(&by_digest).await? {
            Reply::Error(message) if message.starts_with("NOSCRIPT") => {
                let by_text: Vec<&[u8]> = [b"EVAL".as_slice(), script.text.as_bytes()]
                    .into_iter()
                    .chain(tail)
                    .collect();
                self.command(&by_text).await?
            }
            reply => reply,
        };
        match reply {
            Reply::Integer(value) => Ok(value),
            Reply::Error(message) => Err(RedisError::Server(message)),
            _ => Err(RedisError::Protocol("script did not return an integer")),
        }
    }
}
