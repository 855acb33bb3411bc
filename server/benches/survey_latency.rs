//! Survey latency against a slow authority: the survey must ask every query as soon
//! as the answer it depends on arrives, so its wall time stays near the critical path
//! (dependency depth × round trip), however many queries it asks in all.
//!
//! The zone has an SPF include chain six deep (`chain.test` → `l1` → … → `l6`); every
//! answer of the authority is delayed by 50 ms, then 100 ms. The critical path is
//! seven round trips: the domain's own TXT, then one per include level (check_host
//! asks each level's targets together). Reported: the median wall time of several
//! surveys, and its ratio to 6 × delay (the bound, ≤ 1.3) and to 7 × delay.
//!
//! Run: `cargo bench -p mailmove-server --bench survey_latency`

use std::time::{Duration, Instant};

use mailmove_core::DomainName;
use mailmove_core::survey::SurveyOptions;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_testkit::dns_authority::{AuthorityOptions, DnsAuthority};

const DEPTH: u32 = 6;
const RUNS: usize = 7;

fn zone() -> String {
    let mut zone = String::from(
        "$ORIGIN chain.test.\n$TTL 300\n\
         @ IN SOA ns1 hostmaster 1 3600 600 86400 60\n\
         @ IN NS ns1\nns1 IN A 127.0.0.1\n\
         @ IN MX 10 mx1\nmx1 IN A 127.0.0.10\n\
         _dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:reports@chain.test\"\n\
         @ IN TXT \"v=spf1 include:l1.chain.test -all\"\n",
    );
    for level in 1..DEPTH {
        let next = level + 1;
        zone.push_str(&format!(
            "l{level} IN TXT \"v=spf1 include:l{next}.chain.test -all\"\n"
        ));
    }
    zone.push_str(&format!("l{DEPTH} IN TXT \"v=spf1 ip4:127.0.0.10 -all\"\n"));
    zone
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("chain.test.zone"), zone())?;
        let names = mailmove_core::NamePolicy::allowing(["test"]);
        let domain = DomainName::parse_with("chain.test", &names)?;
        println!("survey of chain.test (SPF include chain {DEPTH} deep), median of {RUNS}");
        for delay_ms in [50_u64, 100] {
            let delay = Duration::from_millis(delay_ms);
            let options = AuthorityOptions {
                delay,
                ..AuthorityOptions::default()
            };
            let authority = DnsAuthority::serve_dir_with(dir.path(), options).await?;
            let mut walls = Vec::new();
            let mut queries = 0;
            for _ in 0..RUNS {
                // A fresh client each run: nothing cached.
                let dns = Dns::new(&Upstream::Nameserver(authority.addr))?;
                let start = Instant::now();
                let report =
                    mailmove_server::survey::run(
                        &dns,
                        &mailmove_server::mta_sts_fetch::PolicyFetcher::default(),
                        domain.clone(),
                        SurveyOptions::default(),
                    )
                    .await
                    .report;
                walls.push(start.elapsed());
                queries = report.queries;
                anyhow::ensure!(
                    report.spf_lookup_count == DEPTH,
                    "expected {DEPTH} lookups, got {}",
                    report.spf_lookup_count
                );
                anyhow::ensure!(report.could_not_check.is_empty(), "queries failed");
            }
            walls.sort();
            let median = walls[RUNS / 2];
            let bound = delay * DEPTH;
            let path = delay * (DEPTH + 1);
            println!(
                "delay {delay_ms:>3} ms: {queries} queries, median {:>4} ms (min {} ms, max {} ms); \
                 ratio to {DEPTH}×delay {:.2}, to {}×delay (critical path) {:.2}",
                median.as_millis(),
                walls[0].as_millis(),
                walls[RUNS - 1].as_millis(),
                median.as_secs_f64() / bound.as_secs_f64(),
                DEPTH + 1,
                median.as_secs_f64() / path.as_secs_f64(),
            );
            authority.stop().await?;
        }
        anyhow::Ok(())
    })
}
