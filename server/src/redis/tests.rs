use super::*;

#[test]
fn urls_parse_and_hide_the_password() {
    let url: RedisUrl = "redis://127.0.0.1:6380".parse().unwrap();
    assert_eq!(
        (url.host.as_str(), url.port, url.db),
        ("127.0.0.1", 6380, None)
    );
    let url: RedisUrl = "redis://cache.internal".parse().unwrap();
    assert_eq!((url.host.as_str(), url.port), ("cache.internal", 6379));
    let url: RedisUrl = "redis://:s3cret@[::1]:6390/2".parse().unwrap();
    assert_eq!(
        (url.host.as_str(), url.port, url.db, url.user.as_deref()),
        ("::1", 6390, Some(2), None)
    );
    assert_eq!(url.password.as_deref(), Some("s3cret"));
    assert_eq!(format!("{url:?}"), "redis://…@[::1]:6390/2");
    let url: RedisUrl = "redis://mailmove:pw@10.0.0.5/".parse().unwrap();
    assert_eq!(url.user.as_deref(), Some("mailmove"));
    for bad in [
        "127.0.0.1:6379",
        "http://127.0.0.1",
        "rediss://127.0.0.1",
        "redis://",
        "redis://host:notaport",
        "redis://host:70000",
        "redis://host/db",
        "redis://pw@host",
        "redis://[::1",
    ] {
        assert!(bad.parse::<RedisUrl>().is_err(), "{bad}");
    }
    let error = "redis://:s3cret@host:x".parse::<RedisUrl>().unwrap_err();
    assert!(!error.to_string().contains("s3cret"), "{error}");
}

#[tokio::test]
async fn a_redis_that_never_answers_is_asked_once_per_retry_interval() {
    // Accepts connections and reads, never writes: a hung Redis.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    let redis = Redis::new(format!("redis://127.0.0.1:{port}").parse().unwrap());
    assert_eq!(redis.check().await, RedisState::Unreachable);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    // Until the retry interval has passed, calls do not go to Redis at all.
    for _ in 0..100 {
        assert_eq!(redis.eval(&Script::new("return 1"), &[], &[]).await, None);
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
    assert!(!redis.worth_asking(Instant::now()));
    assert!(redis.worth_asking(Instant::now() + RETRY_INTERVAL));
}

#[tokio::test]
async fn garbage_from_redis_is_an_error_not_a_hang() {
    use tokio::io::AsyncWriteExt as _;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.write_all(b"*1\r\n$999999999\r\nx").await;
        }
    });
    let redis = Redis::new(format!("redis://127.0.0.1:{port}").parse().unwrap());
    assert_eq!(redis.check().await, RedisState::Unreachable);
}
