//! Parse throughput of every record parser and of `DomainName`, over realistic records.
//! Run: `cargo bench -p mailmove-core --bench parse`. Criterion reports elements (records)
//! per second for each group.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mailmove_core::{DomainName, bimi, dkim, dmarc, mta_sts, spf, tls_rpt};

const SPF: &[&str] = &[
    "v=spf1 include:_spf.google.com ~all",
    "v=spf1 include:spf.protection.outlook.com -all",
    "v=spf1 a:www1234.sakura.ne.jp mx ~all",
    "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 ip6:2001:db8::/32 include:sendgrid.net include:mail.zendesk.com include:_spf.salesforce.com ~all",
    "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} redirect=_spf.example.com",
    "v=spf1 mx/24//64 a:mail.example.co.jp ptr ?all exp=explain._spf.%{d}",
];
const DMARC: &[&str] = &[
    "v=DMARC1; p=none; rua=mailto:dmarc@example.jp",
    "v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:a@example.jp,mailto:b@rua.example.net!10m; ruf=mailto:f@example.jp; fo=1:d:s; adkim=s; aspf=r; ri=86400",
    "v=DMARC1;p=reject",
];
// A 2048-bit key generated with openssl for the DKIM tests.
const DKIM: &[&str] = &[
    "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArzp7VL//xIZLmbdJPOHl+/vJ/q4At25+h8YLYQIaqFgdyTzKLr7cfsI31MyR5t71dbjXL8Ck1bp30HGy1hlw74IbY3TmKwTWqu74HLnxoiGJ5pAjwyNhH/ZUz1BGIkblNIEQ5CAzz/hQZhs031pzAv4wilo8pYVwdvG4MXzJquw91v1d6Rl/j+o1OWs6RDTObI9IEPTTu2WC1tPi4s9fnQJraJIqyQB68DpRUATZbahbMwfVUEUE/o7iR/691SnOWXpTKloFZxxuFL4AQShEjcoSlN9kCxqNlP5iRO5t5vkgfnFmkFj2RVdbmiUODX6gUjTWMznDXW6bi2Qto+FQXwIDAQAB",
    "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
    "v=DKIM1; p=",
];
const OTHER: &[(&str, &str)] = &[
    ("mta-sts", "v=STSv1; id=20261128T000000"),
    (
        "tls-rpt",
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.jp,https://reports.example.jp/tlsrpt",
    ),
    (
        "bimi",
        "v=BIMI1; l=https://example.jp/logo.svg; a=https://example.jp/vmc.pem",
    ),
];
const POLICY: &str =
    "version: STSv1\nmode: enforce\nmx: mx1.example.jp\nmx: *.mail.example.jp\nmax_age: 604800\n";
const NAMES: &[&str] = &[
    "example.co.jp",
    "taro@例え.jp",
    "https://www.example.com/contact",
    "ｅｘａｍｐｌｅ．ｊｐ",
    "mail.sub.example.tokyo",
];

fn parsers(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(SPF.len() as u64));
    group.bench_function("spf", |b| {
        b.iter(|| {
            SPF.iter()
                .map(|text| spf::parse(black_box(text)).0.terms.len())
                .sum::<usize>()
        });
    });
    group.throughput(Throughput::Elements(DMARC.len() as u64));
    group.bench_function("dmarc", |b| {
        b.iter(|| {
            DMARC
                .iter()
                .map(|text| dmarc::parse(black_box(text)).1.len())
                .sum::<usize>()
        });
    });
    group.throughput(Throughput::Elements(DKIM.len() as u64));
    group.bench_function("dkim", |b| {
        b.iter(|| {
            DKIM.iter()
                .map(|text| dkim::parse(black_box(text)).1.len())
                .sum::<usize>()
        });
    });
    group.throughput(Throughput::Elements(OTHER.len() as u64));
    group.bench_function("mta-sts+tls-rpt+bimi", |b| {
        b.iter(|| {
            OTHER
                .iter()
                .map(|(kind, text)| match *kind {
                    "mta-sts" => mta_sts::parse(black_box(text)).1.len(),
                    "tls-rpt" => tls_rpt::parse(black_box(text)).1.len(),
                    _ => bimi::parse(black_box(text)).1.len(),
                })
                .sum::<usize>()
        });
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("mta-sts-policy", |b| {
        b.iter(|| mta_sts::parse_policy(black_box(POLICY)).1.len());
    });
    group.throughput(Throughput::Elements(NAMES.len() as u64));
    group.bench_function("domain-name", |b| {
        b.iter(|| {
            NAMES
                .iter()
                .filter(|text| DomainName::parse(black_box(text)).is_ok())
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, parsers);
criterion_main!(benches);
