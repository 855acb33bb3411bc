//! `--redis-url`: where Redis is, parsed, with the password kept out of logs.

/// Where Redis is: `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl {
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) user: Option<String>,
    pub(super) password: Option<String>,
    pub(super) db: Option<u32>,
}

/// A `--redis-url` that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("--redis-url: {reason}: {input} (expected redis://HOST:PORT)")]
pub struct RedisUrlError {
    /// What was given (without the password).
    pub input: String,
    /// What is wrong.
    pub reason: &'static str,
}

impl std::str::FromStr for RedisUrl {
    type Err = RedisUrlError;

    fn from_str(input: &str) -> Result<RedisUrl, RedisUrlError> {
        let error = |reason| RedisUrlError {
            input: input
                .rsplit_once('@')
                .map_or(input.to_owned(), |(_, host)| format!("redis://…@{host}")),
            reason,
        };
        if input.starts_with("rediss://") || input.starts_with("unix:") {
            return Err(error("only plain TCP (redis://) is supported"));
        }
        let Some(rest) = input.strip_prefix("redis://") else {
            return Err(error("not a redis:// URL"));
        };
        let (authority, db) = match rest.split_once('/') {
            Some((authority, "")) => (authority, None),
            Some((authority, db)) => (
                authority,
                Some(
                    db.parse::<u32>()
                        .map_err(|_| error("bad database number"))?,
                ),
            ),
            None => (rest, None),
        };
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((credentials, host_port)) => (Some(credentials), host_port),
            None => (None, authority),
        };
        let (user, password) = match credentials {
            Some(credentials) => match credentials.split_once(':') {
                Some((user, password)) => (
                    (!user.is_empty()).then(|| user.to_owned()),
                    Some(password.to_owned()),
                ),
                None => return Err(error("credentials are USER:PASSWORD or :PASSWORD")),
            },
            None => (None, None),
        };
        let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| error("unclosed ["))?;
            (host, after.strip_prefix(':'))
        } else {
            match host_port.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            }
        };
        let port = match port {
            Some(port) => port.parse().map_err(|_| error("bad port"))?,
            None => 6379,
        };
        if host.is_empty() || host.contains(['/', '?', '#', ' ']) {
            return Err(error("bad host"));
        }
        Ok(RedisUrl {
            host: host.to_owned(),
            port,
            user,
            password,
            db,
        })
    }
}

impl std::fmt::Debug for RedisUrl {
    /// Without the password: the configuration is logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redis://")?;
        if self.password.is_some() {
            write!(f, "…@")?;
        }
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)?;
        } else {
            write!(f, "{}:{}", self.host, self.port)?;
        }
        match self.db {
            Some(db) => write!(f, "/{db}"),
            None => Ok(()),
        }
    }
}
