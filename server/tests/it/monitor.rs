//! The cutover monitor over real DNS: three authorities and three resolvers on
//! loopback mid-switch (see `mailmove_testkit::cutover`). The API and the CLI must
//! classify every server alike and compute the same "safe from" moment, and
//! `mailmove monitor --watch` must end when the last server switches.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use mailmove_core::Lang;
use mailmove_core::api::MonitorJson;
use mailmove_core::monitor::{Basis, Verdict, View, WATCH_MARGIN, human_time};
use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::cache::AnswerCache;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::monitor::monitor_resolvers;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::cutover::{self, CutoverWorld};
use tower::ServiceExt as _;

fn state(world: &CutoverWorld) -> AppState {
    let dns = Dns::new(&Upstream::Nameserver(world.upstream()))
        .expect("resolver")
        .with_cache(AnswerCache::default())
        .with_direct(DirectPolicy::for_authority_port(Some(world.port)));
    let config = ServerConfig {
        monitor_resolvers: monitor_resolvers(&world.resolver_specs()).expect("specs"),
        ..ServerConfig::default()
    };
    AppState::new(
        dns,
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        config,
    )
}

async fn api(state: &AppState, query: &str) -> (StatusCode, serde_json::Value) {
    let response = app(state.clone())
        .oneshot(
            Request::get(format!("/api/monitor?{query}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, serde_json::from_slice(&bytes).expect("JSON body"))
}

fn query(changed_at: u64) -> String {
    format!(
        "domain={}&expect={}&old={}&old_ttl={}&changed_at={changed_at}",
        cutover::DOMAIN,
        cutover::NEW_MX,
        cutover::OLD_MX,
        cutover::OLD_TTL
    )
}

async fn cli(world: &CutoverWorld, changed_at: u64, extra: &[&str]) -> (bool, String) {
    run(cli_command(
        world,
        changed_at,
        &[&["--json"], extra].concat(),
    ))
    .await
}

/// `mailmove monitor` against the world; `extra` decides the output (`--json` or not).
fn cli_command(world: &CutoverWorld, changed_at: u64, extra: &[&str]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_mailmove"));
    command
        .args(["--allow-tld", "test", "monitor", cutover::DOMAIN])
        .args(["--nameserver", &world.upstream().to_string()])
        .args(["--authority-port", &world.port.to_string()])
        .args(["--expect-mx", cutover::NEW_MX, "--old-mx", cutover::OLD_MX])
        .args(["--old-ttl", &cutover::OLD_TTL.to_string()])
        .args(["--changed-at", &changed_at.to_string()])
        .args(extra);
    for spec in world.resolver_specs() {
        command.args(["--resolver", &spec]);
    }
    command
}

async fn run(mut command: tokio::process::Command) -> (bool, String) {
    let output = command.output().await.expect("mailmove runs");
    (
        output.status.success(),
        String::from_utf8(output.stdout).expect("UTF-8"),
    )
}

/// Every server's (address, view, ttl) in table order.
fn views(reading: &MonitorJson) -> Vec<(String, View, Option<u32>)> {
    reading
        .status
        .servers
        .iter()
        .map(|server| (server.address.clone(), server.view, server.ttl_left))
        .collect()
}

fn unix_now() -> u64 {
    mailmove_server::monitor::unix_now()
}

#[tokio::test(flavor = "multi_thread")]
async fn api_and_cli_agree_through_the_switch() {
    let mut world = CutoverWorld::start().await.expect("servers");
    let state = state(&world);
    let changed_at = unix_now() - 60;
    let port = world.port;
    let resolver = |last: u8| format!("127.0.0.{last}:{port}");

    // Mid-switch: ns3 still serves the old zone.
    let (status, body) = api(&state, &query(changed_at)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reading: MonitorJson = serde_json::from_value(body).expect("MonitorJson");
    assert_eq!(
        views(&reading),
        [
            ("127.0.0.21".into(), View::New, Some(300)),
            ("127.0.0.22".into(), View::New, Some(300)),
            ("127.0.0.23".into(), View::Old, Some(cutover::OLD_TTL)),
            (resolver(31), View::New, Some(240)),
            (resolver(32), View::Old, Some(cutover::CACHED_TTL)),
            (resolver(33), View::Unreachable, None),
        ]
    );
    assert!(!reading.status.authoritative_switched);
    let lagging = &reading.status.lagging_authoritative;
    assert_eq!(lagging.len(), 1);
    assert_eq!(
        (lagging[0].server.as_str(), lagging[0].soa_serial),
        ("ns3.cutover.test", Some(1))
    );
    assert_eq!(reading.status.newest_serial, Some(2));
    assert_eq!(reading.status.safe_from, None);
    assert!(reading.headline.ja.contains("ns3.cutover.test"));
    let (ok, out) = cli(&world, changed_at, &[]).await;
    assert!(ok, "{out}");
    let from_cli: MonitorJson = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(views(&from_cli), views(&reading));
    assert_eq!(from_cli.status.lagging_authoritative, *lagging);
    assert_eq!(from_cli.status.safe_from, None);

    // Every authority switched: the moment is the change plus the old TTL (the cached
    // resolver's 1,800 s left end sooner), plus the margin.
    world.switch_lagging_authority().await.expect("switch ns3");
    let (_, body) = api(&state, &query(changed_at)).await;
    let reading: MonitorJson = serde_json::from_value(body).expect("MonitorJson");
    assert!(
        reading.status.authoritative_switched,
        "{:?}",
        reading.status
    );
    let expected = changed_at + u64::from(cutover::OLD_TTL) + WATCH_MARGIN;
    assert_eq!(reading.status.safe_from, Some(expected));
    assert_eq!(reading.status.resolvers_switched, 1);
    assert_eq!(reading.status.resolvers_answered, 2);
    assert!(!reading.status.all_switched);
    let (_, out) = cli(&world, changed_at, &[]).await;
    let from_cli: MonitorJson = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(views(&from_cli), views(&reading));
    assert_eq!(from_cli.status.safe_from, Some(expected));
    assert_eq!(from_cli.safe_from_utc, reading.safe_from_utc);
    // The table in another zone: "safe from" as people write it in New York time
    // (EST/EDT by the date), and in UTC beside it; never an RFC 3339 string.
    let (ok, table) = run(cli_command(
        &world,
        changed_at,
        &["--tz", "America/New_York", "--lang", "en"],
    ))
    .await;
    assert!(ok, "{table}");
    let new_york = mailmove_core::calendar::Zone::find("America/New_York").expect("zone");
    let offset = |unix: u64| new_york.offset_at_utc(unix as i64);
    let local = human_time(expected, &offset, Lang::En, false);
    let utc = human_time(expected, &|_| 0, Lang::En, false);
    assert!(
        table.contains(&format!("{local} (America/New_York) ({utc} UTC)")),
        "{table}"
    );
    assert!(!table.contains("T0") && !table.contains(":00Z"), "{table}");
    assert!(
        table.contains("Based on: Every authoritative name server serves the new MX"),
        "{table}"
    );

    // `--watch` keeps reading until the cached resolver switches, then exits 0.
    let watch = run(cli_command(
        &world,
        changed_at,
        &["--json", "--watch", "--interval", "1"],
    ));
    let switch = async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        world
            .switch_cached_resolver()
            .await
            .expect("switch resolver");
    };
    let ((ok, out), ()) = tokio::time::timeout(Duration::from_secs(90), async {
        tokio::join!(watch, switch)
    })
    .await
    .expect("--watch ends once everything switched");
    assert!(ok, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 2, "one reading per refresh: {out}");
    let last: MonitorJson = serde_json::from_str(lines[lines.len() - 1]).expect("JSON line");
    assert!(last.status.all_switched, "{:?}", last.status);
    assert_eq!(last.status.resolvers_switched, 2);
    let first: MonitorJson = serde_json::from_str(lines[0]).expect("JSON line");
    assert!(!first.status.all_switched);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_an_expectation_the_authorities_say_what_is_new() {
    let world = CutoverWorld::start().await.expect("servers");
    let state = state(&world);
    let (status, body) = api(&state, &format!("domain={}", cutover::DOMAIN)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reading: MonitorJson = serde_json::from_value(body).expect("MonitorJson");
    assert!(reading.status.new_mx_from_authorities);
    assert_eq!(
        reading.status.new_mx.iter().collect::<Vec<_>>(),
        [cutover::NEW_MX]
    );
    // Without the old TTL, nothing promises when resolvers nobody asked forget it.
    assert_eq!(reading.status.safe_from, None);
}

#[tokio::test]
async fn bad_parameters_are_clear_errors() {
    // Port 9 (discard): none of these may reach DNS.
    let dns = Dns::new(&Upstream::Nameserver(([127, 0, 0, 1], 9).into())).expect("resolver");
    let state = AppState::new(
        dns,
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig::default(),
    );
    for (query, code) in [
        ("", "invalid-domain"),
        ("domain=localhost", "invalid-domain"),
        ("domain=cutover.test&expect=a%20b", "invalid-domain"),
        ("domain=cutover.test&expect=http://x/", "invalid-domain"),
        ("domain=cutover.test&old_ttl=-1", "bad-query"),
        ("domain=cutover.test&old_ttl=99999999999", "bad-query"),
        ("domain=cutover.test&changed_at=yesterday", "bad-query"),
    ] {
        let (status, body) = api(&state, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["code"], code, "{query}: {body}");
        assert!(body["message"]["ja"].is_string(), "{body}");
    }
    let many: String = (0..21)
        .map(|at| format!("&expect=mx{at}.example.jp"))
        .collect();
    let (status, body) = api(&state, &format!("domain=cutover.test{many}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // The CLI refuses a zone it does not know before asking anything.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args([
            "--allow-tld",
            "test",
            "monitor",
            "cutover.test",
            "--tz",
            "Mars/Olympus_Mons",
        ])
        .args(["--nameserver", "127.0.0.1:9"])
        .output()
        .expect("mailmove runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--tz"));
}

/// Issue 16, item 9: every authority silent (a network that blocks direct DNS), the
/// moments still come from the change time and the old TTL, said as such, in the API
/// and in the CLI's table.
#[tokio::test(flavor = "multi_thread")]
async fn with_every_authority_silent_the_change_time_and_old_ttl_give_the_moments() {
    let mut world = CutoverWorld::start().await.expect("servers");
    world.silence_authorities().await.expect("silence");
    let state = state(&world);
    let changed_at = unix_now() - 60;
    let (status, body) = api(&state, &query(changed_at)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reading: MonitorJson = serde_json::from_value(body).expect("MonitorJson");
    let authorities: Vec<View> = reading
        .status
        .servers
        .iter()
        .filter(|server| server.address.starts_with("127.0.0.2"))
        .map(|server| server.view)
        .collect();
    assert_eq!(authorities, [View::Unreachable; 3]);
    assert_eq!(reading.verdict, Verdict::NoAuthority);
    assert_eq!(reading.status.basis, Some(Basis::ChangeAndTtl));
    // The cached resolver's 1,800 s end before the change plus the old TTL.
    let until = changed_at + u64::from(cutover::OLD_TTL);
    assert_eq!(reading.status.old_mx_possible_until, Some(until));
    assert_eq!(reading.status.safe_from, Some(until + WATCH_MARGIN));
    let basis = reading.moments_basis.as_ref().expect("basis in words");
    assert!(
        basis
            .ja
            .starts_with("権威 DNS サーバーに問い合わせられなかったため"),
        "{}",
        basis.ja
    );
    assert!(basis.en.contains("could not be checked"), "{}", basis.en);
    let safe_ja = human_time(
        until + WATCH_MARGIN,
        &mailmove_core::monitor::jst,
        Lang::Ja,
        false,
    );
    assert!(
        reading.headline.ja.contains(&safe_ja),
        "{}",
        reading.headline.ja
    );

    let (ok, table) = run(cli_command(&world, changed_at, &["--lang", "ja"])).await;
    assert!(ok, "{table}");
    assert!(
        table.contains(&format!("{safe_ja} (Asia/Tokyo)")),
        "{table}"
    );
    assert!(
        table.contains("根拠: 権威 DNS サーバーに問い合わせられなかったため"),
        "{table}"
    );
}

/// Issue 16, item 10: the zone keeps the old MX beside the new one; the headline says
/// so first, by name, and the API's rows agree (mixed, not old).
#[tokio::test(flavor = "multi_thread")]
async fn a_zone_that_still_lists_the_old_mx_is_named_first() {
    let mut world = CutoverWorld::start().await.expect("servers");
    world.leave_old_mx_in_zone().await.expect("zone with both");
    let state = state(&world);
    let (status, body) = api(&state, &query(unix_now() - 60)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reading: MonitorJson = serde_json::from_value(body).expect("MonitorJson");
    let authorities: Vec<(View, Option<u32>)> = reading
        .status
        .servers
        .iter()
        .filter(|server| server.address.starts_with("127.0.0.2"))
        .map(|server| (server.view, server.soa_serial))
        .collect();
    assert_eq!(authorities, [(View::Mixed, Some(3)); 3]);
    assert_eq!(
        reading.verdict,
        Verdict::ZoneListsOld {
            old_hosts: vec![cutover::OLD_MX.into()],
            new_listed: true
        }
    );
    assert!(
        reading.headline.ja.starts_with(
            "ゾーンにまだ mail.cutover.test が残っています。DNS の管理画面で削除してください"
        ),
        "{}",
        reading.headline.ja
    );
    assert!(
        reading
            .headline
            .en
            .starts_with("The zone still lists mail.cutover.test: delete it at your DNS host"),
        "{}",
        reading.headline.en
    );
    assert_eq!(reading.status.safe_from, None);
}
