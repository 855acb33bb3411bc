//! A DNS proxy on loopback in front of the test authority, for what hickory-server
//! cannot play by itself:
//!
//! - **A name server that never answers.** The survey's resolver is a stub that asks
//!   one server; hickory-server answers a question below a zone cut with a referral,
//!   which a stub reads as "no records". A recursive resolver would instead chase the
//!   referral to the dead server and leave the stub waiting. The proxy drops every
//!   question at or below a black-holed name, so the stub waits and times out.
//! - **A zone whose servers fail.** Names at and below a `servfail` name get an
//!   answer with RCODE SERVFAIL at once, as a recursive resolver gives when every
//!   server of the zone fails.
//! - **A server that answers some questions for a name and not others.** The RFC 7208
//!   suite's `TIMEOUT` names time out for exactly that name, while names below it
//!   answer, and some for every type but one (servers and middleboxes that drop AAAA
//!   questions behave so). The proxy drops the questions at exactly such a name
//!   unless their type is one the name answers.
//! - **A DS record.** hickory-server (without its DNSSEC feature) loads no DS from a
//!   zone file ("DS should be dynamically generated"); the proxy answers the DS
//!   question for a given name itself.
//!
//! Everything else is forwarded unchanged, over UDP and TCP.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::task::JoinSet;

/// DNS type numbers (RFC 1035 §3.2.2, RFC 4034 §5).
pub const TYPE_DS: u16 = 43;

/// What the proxy does besides forwarding.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// Names (lower case, no trailing dot) at and below which no question is answered.
    pub blackhole: Vec<String>,
    /// `(name, types)`: questions for exactly this name (lower case, no trailing dot)
    /// are not answered, unless their type is one of `types`.
    pub unanswered: Vec<(String, Vec<u16>)>,
    /// `(name, type, RDATA)`: questions answered by the proxy with one record.
    pub synthesize: Vec<(String, u16, Vec<u8>)>,
    /// Names (lower case, no trailing dot) at and below which every question is
    /// answered SERVFAIL.
    pub servfail: Vec<String>,
}

enum Action {
    Drop,
    Answer(Vec<u8>),
    Forward,
}

impl Rules {
    fn action(&self, query: &[u8]) -> Action {
        let Some((name, qtype, question_end)) = question(query) else {
            return Action::Forward;
        };
        let below = |zone: &String| name == *zone || name.ends_with(&format!(".{zone}"));
        // The DS at a zone's apex is the parent's answer (RFC 4035 §3.1.4.1): a zone
        // whose own servers fail still has it.
        let parents = qtype == TYPE_DS;
        if (!parents && self.blackhole.iter().any(below))
            || self
                .unanswered
                .iter()
                .any(|(owner, answered)| *owner == name && !answered.contains(&qtype))
        {
            return Action::Drop;
        }
        if !parents && self.servfail.iter().any(below) {
            return Action::Answer(servfail(query, question_end));
        }
        match self
            .synthesize
            .iter()
            .find(|(owner, rtype, _)| *owner == name && *rtype == qtype)
        {
            Some((_, rtype, rdata)) => Action::Answer(answer(query, question_end, *rtype, rdata)),
            None => Action::Forward,
        }
    }
}

/// The proxy; it stops when dropped.
pub struct DnsProxy {
    /// Where it listens (UDP and TCP).
    pub addr: SocketAddr,
    tasks: JoinSet<()>,
}

impl Drop for DnsProxy {
    fn drop(&mut self) {
        self.tasks.abort_all();
    }
}

impl DnsProxy {
    /// A proxy on 127.0.0.1 in front of `upstream`.
    pub async fn start(upstream: SocketAddr, rules: Rules) -> std::io::Result<DnsProxy> {
        // The UDP port the system picks may be taken for TCP (by any of the other
        // tests' connections): pick again, as `testkit::free_port` does.
        let mut attempts = 0;
        let (udp, addr, tcp) = loop {
            let udp = UdpSocket::bind("127.0.0.1:0").await?;
            let addr = udp.local_addr()?;
            match TcpListener::bind(addr).await {
                Ok(tcp) => break (Arc::new(udp), addr, tcp),
                Err(error) if error.kind() == std::io::ErrorKind::AddrInUse && attempts < 20 => {
                    attempts += 1;
                }
                Err(error) => return Err(error),
            }
        };
        let rules = Arc::new(rules);
        let mut tasks = JoinSet::new();
        tasks.spawn(serve_udp(udp, upstream, Arc::clone(&rules)));
        tasks.spawn(serve_tcp(tcp, upstream, rules));
        Ok(DnsProxy { addr, tasks })
    }
}

async fn serve_udp(socket: Arc<UdpSocket>, upstream: SocketAddr, rules: Arc<Rules>) {
    let mut buf = vec![0; 65_535];
    let mut forwards = JoinSet::new();
    loop {
        let Ok((len, client)) = socket.recv_from(&mut buf).await else {
            return;
        };
        let query = buf[..len].to_vec();
        match rules.action(&query) {
            Action::Drop => {}
            Action::Answer(response) => {
                let _ = socket.send_to(&response, client).await;
            }
            Action::Forward => {
                let socket = Arc::clone(&socket);
                forwards.spawn(async move {
                    if let Some(response) = forward_udp(&query, upstream).await {
                        let _ = socket.send_to(&response, client).await;
                    }
                });
            }
        }
        while forwards.try_join_next().is_some() {}
    }
}

async fn forward_udp(query: &[u8], upstream: SocketAddr) -> Option<Vec<u8>> {
    let socket = UdpSocket::bind("127.0.0.1:0").await.ok()?;
    socket.send_to(query, upstream).await.ok()?;
    let mut buf = vec![0; 65_535];
    let len = tokio::time::timeout(Duration::from_secs(5), socket.recv(&mut buf))
        .await
        .ok()?
        .ok()?;
    buf.truncate(len);
    Some(buf)
}

async fn serve_tcp(listener: TcpListener, upstream: SocketAddr, rules: Arc<Rules>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let rules = Arc::clone(&rules);
        connections.spawn(async move {
            let _ = serve_tcp_connection(stream, upstream, &rules).await;
        });
        while connections.try_join_next().is_some() {}
    }
}

async fn serve_tcp_connection(
    mut stream: TcpStream,
    upstream: SocketAddr,
    rules: &Rules,
) -> std::io::Result<()> {
    loop {
        let query = read_framed(&mut stream).await?;
        let response = match rules.action(&query) {
            // Keep the connection open and never answer this one.
            Action::Drop => continue,
            Action::Answer(response) => response,
            Action::Forward => {
                let mut upstream = TcpStream::connect(upstream).await?;
                write_framed(&mut upstream, &query).await?;
                read_framed(&mut upstream).await?
            }
        };
        write_framed(&mut stream, &response).await?;
    }
}

async fn read_framed(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let len = stream.read_u16().await?;
    let mut message = vec![0; usize::from(len)];
    stream.read_exact(&mut message).await?;
    Ok(message)
}

async fn write_framed(stream: &mut TcpStream, message: &[u8]) -> std::io::Result<()> {
    let len = u16::try_from(message.len()).map_err(std::io::Error::other)?;
    stream.write_u16(len).await?;
    stream.write_all(message).await
}

/// The first question's name (lower case, no trailing dot), type, and where the
/// question section ends.
fn question(message: &[u8]) -> Option<(String, u16, usize)> {
    let mut labels = Vec::new();
    let mut at = 12;
    loop {
        let len = usize::from(*message.get(at)?);
        at += 1;
        if len == 0 {
            break;
        }
        // A query's name is never compressed.
        if len > 63 {
            return None;
        }
        let label = message.get(at..at + len)?;
        labels.push(String::from_utf8_lossy(label).to_ascii_lowercase());
        at += len;
    }
    let qtype = u16::from_be_bytes([*message.get(at)?, *message.get(at + 1)?]);
    Some((labels.join("."), qtype, at + 4))
}

/// An authoritative answer to `query` with one record of `rtype` at the question's name.
fn answer(query: &[u8], question_end: usize, rtype: u16, rdata: &[u8]) -> Vec<u8> {
    let mut response = Vec::with_capacity(question_end + 12 + rdata.len());
    response.extend_from_slice(&query[..2]); // ID
    // QR, the query's opcode and RD, AA; no error.
    response.push(0x80 | (query[2] & 0x79) | 0x04);
    response.push(0x00);
    response.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 0]); // QD 1, AN 1, NS 0, AR 0
    response.extend_from_slice(&query[12..question_end]);
    response.extend_from_slice(&[0xc0, 0x0c]); // the question's name
    response.extend_from_slice(&rtype.to_be_bytes());
    response.extend_from_slice(&[0, 1]); // IN
    response.extend_from_slice(&300_u32.to_be_bytes());
    let len = u16::try_from(rdata.len()).expect("small RDATA");
    response.extend_from_slice(&len.to_be_bytes());
    response.extend_from_slice(rdata);
    response
}

/// A SERVFAIL answer to `query`: its ID and question, no records.
fn servfail(query: &[u8], question_end: usize) -> Vec<u8> {
    let mut response = Vec::with_capacity(question_end);
    response.extend_from_slice(&query[..2]); // ID
    // QR, the query's opcode and RD; RA; RCODE 2 (SERVFAIL).
    response.push(0x80 | (query[2] & 0x79));
    response.push(0x80 | 0x02);
    response.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]); // QD 1
    response.extend_from_slice(&query[12..question_end]);
    response
}

/// DS RDATA (RFC 4034 §5.1): key tag, algorithm, digest type, digest.
pub fn ds_rdata(key_tag: u16, algorithm: u8, digest_type: u8, digest: &[u8]) -> Vec<u8> {
    let mut rdata = key_tag.to_be_bytes().to_vec();
    rdata.push(algorithm);
    rdata.push(digest_type);
    rdata.extend_from_slice(digest);
    rdata
}
