use serde_json::json;

use super::*;

pub(super) fn record(name: &str, ttl: u32, data: RecordData) -> Record {
    Record {
        name: name.into(),
        ttl,
        data,
    }
}

/// A record object as all three services write it.
pub(super) fn wire(name: &str, rtype: u16, ttl: u32, data: &str) -> Value {
    json!({"name": name, "type": rtype, "TTL": ttl, "data": data})
}

/// A whole body with `Status`, the question, and the given sections.
fn body(status: u16, query: &Query, answer: Vec<Value>, authority: Option<Vec<Value>>) -> String {
    let mut object = json!({
        "Status": status, "TC": false, "RD": true, "RA": true, "AD": false, "CD": false,
        "Question": [{"name": format!("{}.", query.name), "type": type_number(query.rtype)}],
    });
    if !answer.is_empty() {
        object["Answer"] = Value::Array(answer);
    }
    if let Some(authority) = authority {
        object["Authority"] = Value::Array(authority);
    }
    object.to_string()
}

fn soa(ttl: u32, minimum: u32) -> Value {
    wire(
        "example.com.",
        6,
        ttl,
        &format!("ns1.example.com. hostmaster.example.com. 2026 7200 3600 1209600 {minimum}"),
    )
}

#[test]
fn our_servers_answer_reads_back() {
    // Built the way server/src/doh.rs builds it: the owner with a dot, the type's
    // number, and `RecordData::to_string()` as data; no Authority section.
    let query = Query::new("example.com", RecordType::Mx);
    let records = vec![
        record(
            "example.com",
            300,
            RecordData::Mx {
                preference: 10,
                exchange: "mx1.example.com".into(),
            },
        ),
        record(
            "example.com",
            300,
            RecordData::Mx {
                preference: 20,
                exchange: "mx2.example.com".into(),
            },
        ),
    ];
    let answer = records
        .iter()
        .map(|r| {
            let rtype = type_number(r.data.record_type());
            wire(&format!("{}.", r.name), rtype, r.ttl, &r.data.to_string())
        })
        .collect();
    let body = body(0, &query, answer, None);
    assert_eq!(
        outcome_from_json(&query, &body),
        Ok(Outcome::Records { records })
    );
}

#[test]
fn google_txt_is_one_unquoted_string() {
    let query = Query::new("example.com", RecordType::Txt);
    for data in [
        "v=spf1 include:_spf.google.com ~all",
        // A multi-string DKIM key, joined by Google without quotes.
        "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq8JxVBMLHZRj1WvIMSHA",
        // Starts with a quote but is not the presentation form: taken as it stands.
        "\"unclosed quote",
        "",
    ] {
        let body = body(0, &query, vec![wire("example.com.", 16, 60, data)], None);
        let expected = record(
            "example.com",
            60,
            RecordData::Txt {
                strings: vec![data.into()],
            },
        );
        assert_eq!(
            outcome_from_json(&query, &body),
            Ok(Outcome::Records {
                records: vec![expected]
            }),
            "{data:?}"
        );
    }
}

#[test]
fn cloudflare_txt_keeps_strings_apart_and_unescapes() {
    let query = Query::new("example.com", RecordType::Txt);
    let cases: [(&str, &[&str]); 5] = [
        (r#""v=spf1 " "-all""#, &["v=spf1 ", "-all"]),
        (
            r#""say \"hi\"" "back\\slash""#,
            &["say \"hi\"", "back\\slash"],
        ),
        // \DDD is one octet: \195\169 is é in UTF-8; \065 is A; \; is ;.
        (
            r#""caf\195\169 \065\;" unquoted "x""#,
            &["café A;", "unquoted", "x"],
        ),
        (r#""a""b"  "#, &["a", "b"]),
        (r#""""#, &[""]),
    ];
    for (data, strings) in cases {
        let body = body(0, &query, vec![wire("example.com.", 16, 60, data)], None);
        let Ok(Outcome::Records { records }) = outcome_from_json(&query, &body) else {
            panic!("{data:?} did not give records");
        };
        let expected: Vec<String> = strings.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(
            records[0].data,
            RecordData::Txt { strings: expected },
            "{data:?}"
        );
    }
}

#[test]
fn cname_chain_before_the_mx_is_kept_and_other_types_skipped() {
    let query = Query::new("WWW.Example.com.", RecordType::Mx);
    let answer = vec![
        wire("www.example.com.", 5, 300, "Alias.Example.NET."),
        wire("alias.example.net.", 5, 300, "mail.example.net."),
        // RRSIG: a type core does not model, skipped even though its data is opaque.
        wire("alias.example.net.", 46, 300, "CNAME 13 3 300 …"),
        // An A record nobody asked for is left unread.
        wire("mail.example.net.", 1, 300, "not an address"),
        wire("MAIL.example.net.", 15, 120, "10 MX.Example.NET."),
    ];
    let body = body(0, &query, answer, None);
    let expected = vec![
        record(
            "www.example.com",
            300,
            RecordData::Cname {
                target: "alias.example.net".into(),
            },
        ),
        record(
            "alias.example.net",
            300,
            RecordData::Cname {
                target: "mail.example.net".into(),
            },
        ),
        record(
            "mail.example.net",
            120,
            RecordData::Mx {
                preference: 10,
                exchange: "mx.example.net".into(),
            },
        ),
    ];
    assert_eq!(
        outcome_from_json(&query, &body),
        Ok(Outcome::Records { records: expected })
    );

    // CNAMEs alone, ending at a name without an MX: no data.
    let only_cname = vec![wire("www.example.com.", 5, 300, "alias.example.net.")];
    let body = body_with(0, &query, only_cname, vec![soa(900, 600)]);
    assert_eq!(
        outcome_from_json(&query, &body),
        Ok(Outcome::NoData {
            negative_ttl: Some(600)
        })
    );
}

fn body_with(status: u16, query: &Query, answer: Vec<Value>, authority: Vec<Value>) -> String {
    body(status, query, answer, Some(authority))
}

#[test]
fn nxdomain_takes_its_ttl_from_the_authority_soa() {
    let query = Query::new("nope.example.com", RecordType::A);
    // RFC 2308 §5: the smaller of the SOA's TTL and its MINIMUM.
    for (ttl, minimum, expected) in [(1800, 300, 300), (60, 300, 60)] {
        let authority = vec![
            wire("example.com.", 46, 60, "SOA 13 2 …"),
            soa(ttl, minimum),
        ];
        let body = body_with(3, &query, Vec::new(), authority);
        assert_eq!(
            outcome_from_json(&query, &body),
            Ok(Outcome::NxDomain {
                negative_ttl: Some(expected)
            })
        );
    }
    let body = body(3, &query, Vec::new(), None);
    assert_eq!(
        outcome_from_json(&query, &body),
        Ok(Outcome::NxDomain { negative_ttl: None })
    );
}

#[test]
fn nodata_without_authority_has_no_ttl() {
    let query = Query::new("example.com", RecordType::Aaaa);
    let body = body(0, &query, Vec::new(), None);
    assert_eq!(
        outcome_from_json(&query, &body),
        Ok(Outcome::NoData { negative_ttl: None })
    );
    // `null` sections, as some encoders write them.
    let body = r#"{"Status":0,"Answer":null,"Authority":null}"#;
    assert_eq!(
        outcome_from_json(&query, body),
        Ok(Outcome::NoData { negative_ttl: None })
    );
}

#[test]
fn failures_are_outcomes() {
    let query = Query::new("example.com", RecordType::Mx);
    // The Answer of a failure is not read at all.
    let junk = vec![json!("junk")];
    for (status, outcome) in [
        (2, Outcome::ServFail),
        (5, Outcome::Refused),
        (1, Outcome::ServFail),
        (4, Outcome::ServFail),
        (16, Outcome::ServFail),
    ] {
        let body = body(status, &query, junk.clone(), None);
        assert_eq!(outcome_from_json(&query, &body), Ok(outcome), "{status}");
    }
    let google = r#"{"Status": 2, "TC": false, "RD": true, "RA": true, "AD": false, "CD": false,
        "Question": [{"name": "example.com.", "type": 15}],
        "Comment": "Name servers refused query (lame delegation?) [192.0.2.1]."}"#;
    assert_eq!(outcome_from_json(&query, google), Ok(Outcome::ServFail));
}

#[test]
fn null_mx_and_root_srv_target_are_empty_names() {
    let query = Query::new("example.com", RecordType::Mx);
    let body = body(0, &query, vec![wire("example.com.", 15, 3600, "0 .")], None);
    let expected = record(
        "example.com",
        3600,
        RecordData::Mx {
            preference: 0,
            exchange: String::new(),
        },
    );
    assert_eq!(
        outcome_from_json(&query, &body),
        Ok(Outcome::Records {
            records: vec![expected]
        })
    );
    let query = Query::new("_imaps._tcp.example.com", RecordType::Srv);
    let srv = wire("_imaps._tcp.example.com.", 33, 60, "0 0 0 .");
    let Ok(Outcome::Records { records }) = outcome_from_json(&query, &body_one(&query, srv)) else {
        panic!("SRV did not read");
    };
    assert_eq!(records[0].data.to_string(), "0 0 0 .");
}

pub(super) fn body_one(query: &Query, record: Value) -> String {
    body(0, query, vec![record], None)
}

#[test]
fn ds_and_dnskey_may_be_split_by_spaces() {
    let query = Query::new("example.com", RecordType::Ds);
    let ds = wire(
        "example.com.",
        43,
        3600,
        "2371 13 2 C988EC42 3E3880EB 8DD8A46F",
    );
    let Ok(Outcome::Records { records }) = outcome_from_json(&query, &body_one(&query, ds)) else {
        panic!("DS did not read");
    };
    assert_eq!(
        records[0].data,
        RecordData::Ds {
            key_tag: 2371,
            algorithm: 13,
            digest_type: 2,
            digest: "c988ec423e3880eb8dd8a46f".into(),
        }
    );

    // RFC 4034 §5.4's key, split the way zone files and some services split it.
    let key = "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==";
    let split = format!("256 3 5 {} {}", &key[..60], &key[60..]);
    let query = Query::new("dskey.example.com", RecordType::Dnskey);
    let dnskey = wire("dskey.example.com.", 48, 3600, &split);
    let Ok(Outcome::Records { records }) = outcome_from_json(&query, &body_one(&query, dnskey))
    else {
        panic!("DNSKEY did not read");
    };
    assert_eq!(records[0].data.to_string(), format!("256 3 5 {key}"));
    assert_eq!(records[0].data.key_tag(), Some(60485));
}

fn bad_record(query: &Query, data: &str) -> DnsJsonError {
    let rtype = type_number(query.rtype);
    let body = body_one(query, wire(&format!("{}.", query.name), rtype, 60, data));
    outcome_from_json(query, &body).expect_err(data)
}

#[test]
fn malformed_records_say_which_field() {
    let mx = Query::new("example.com", RecordType::Mx);
    let error = bad_record(&mx, "ten mx.example.com.");
    assert_eq!(
        error.to_string(),
        r#"Answer[0]: data (MX preference): "ten" is not a valid preference in "ten mx.example.com.""#
    );
    for (query, data, field) in [
        (&mx, "10", "data (MX exchange)"),
        (&mx, "70000 mx.example.com.", "data (MX preference)"),
        (&mx, "+1 mx.example.com.", "data (MX preference)"),
        (&mx, "10 mx..example.com.", "data (MX exchange)"),
        (&mx, "10 mx.example.com. extra", "data (MX)"),
        (&mx, "", "data (MX preference)"),
        (
            &Query::new("example.com", RecordType::A),
            "192.0.2.256",
            "data (A address)",
        ),
        (
            &Query::new("example.com", RecordType::Soa),
            "ns. host. 1 2 3 4",
            "data (SOA minimum)",
        ),
        (
            &Query::new("example.com", RecordType::Ds),
            "1 13 2 abc",
            "data (DS digest)",
        ),
        (
            &Query::new("example.com", RecordType::Ds),
            "1 13 2",
            "data (DS digest)",
        ),
        (
            &Query::new("example.com", RecordType::Dnskey),
            "257 3 13 not!base64",
            "data (DNSKEY public key)",
        ),
    ] {
        let error = bad_record(query, data);
        let DnsJsonError::BadRecord {
            section,
            index,
            field: found,
            ..
        } = &error
        else {
            panic!("{data:?}: {error:?}");
        };
        assert_eq!((*section, *index, found.as_str()), ("Answer", 0, field));
    }

    // The fields around `data`.
    let cases = [
        (
            json!({"name": "example.com.", "type": 15, "TTL": 60}),
            "data",
        ),
        (
            json!({"name": 7, "type": 15, "TTL": 60, "data": "0 ."}),
            "name",
        ),
        (
            json!({"name": "example.com.", "type": 15, "TTL": -1, "data": "0 ."}),
            "TTL",
        ),
        (
            json!({"name": "example.com.", "type": 70000, "TTL": 1, "data": "0 ."}),
            "type",
        ),
        (json!(["not", "an", "object"]), "record"),
    ];
    for (value, field) in cases {
        let error = outcome_from_json(&mx, &body_one(&mx, value.clone())).expect_err("bad");
        assert!(
            matches!(&error, DnsJsonError::BadRecord { field: f, .. } if f == field),
            "{value}: {error:?}"
        );
    }

    // A bad SOA in the authority section spoils the negative TTL: said so.
    let nx = Query::new("nope.example.com", RecordType::Mx);
    let body = body_with(3, &nx, Vec::new(), vec![wire("example.com.", 6, 60, "ns.")]);
    let error = outcome_from_json(&nx, &body).expect_err("bad SOA");
    assert!(
        error
            .to_string()
            .starts_with("Authority[0]: data (SOA rname)"),
        "{error}"
    );
}

#[test]
fn garbage_bodies_are_clear_errors() {
    let query = Query::new("example.com", RecordType::Mx);
    for (body, expected) in [
        (
            "<html><body>502 Bad Gateway</body></html>",
            "the body is not JSON",
        ),
        ("", "the body is not JSON"),
        (r#"{"Status":0,"Answer":["#, "the body is not JSON"),
        ("[1, 2]", "not a DNS JSON answer: the body is a list"),
        (
            r#"{"error":"bad"}"#,
            "not a DNS JSON answer: there is no `Status`",
        ),
        (
            r#"{"Status":"0"}"#,
            "not a DNS JSON answer: `Status` is \"0\"",
        ),
        (
            r#"{"Status":0,"Answer":{}}"#,
            "not a DNS JSON answer: `Answer` is an object",
        ),
        (
            r#"{"Status":0,"Question":[{}]}"#,
            "not a DNS JSON answer: `Question`",
        ),
    ] {
        let error = outcome_from_json(&query, body).expect_err(body);
        assert!(error.to_string().starts_with(expected), "{body:?}: {error}");
    }
}

#[test]
fn an_answer_to_another_question_is_refused() {
    let query = Query::new("example.com", RecordType::Mx);
    let other = Query::new("example.org", RecordType::Mx);
    assert_eq!(
        outcome_from_json(&query, &body(0, &other, Vec::new(), None)),
        Err(DnsJsonError::OtherQuestion {
            asked: "example.com MX".into(),
            found: "example.org MX".into(),
        })
    );
    let body = r#"{"Status":0,"Question":[{"name":"EXAMPLE.com.","type":99}]}"#;
    assert_eq!(
        outcome_from_json(&query, body).unwrap_err().to_string(),
        "the answer is for EXAMPLE.com TYPE99, not example.com MX"
    );
    // The question's case does not matter.
    let body = r#"{"Status":0,"Question":[{"name":"EXAMPLE.com.","type":15}]}"#;
    assert!(outcome_from_json(&query, body).is_ok());
}

#[test]
fn urls_carry_the_name_and_the_mnemonic() {
    let dmarc = Query::new("_dmarc.xn--wgv71a119e.jp", RecordType::Txt);
    for (base, expected) in [
        (
            "https://dns.google/resolve",
            "https://dns.google/resolve?name=_dmarc.xn--wgv71a119e.jp&type=TXT",
        ),
        (
            "https://cloudflare-dns.com/dns-query?ct=application/dns-json",
            "https://cloudflare-dns.com/dns-query?ct=application/dns-json&name=_dmarc.xn--wgv71a119e.jp&type=TXT",
        ),
        (
            "/resolve?",
            "/resolve?name=_dmarc.xn--wgv71a119e.jp&type=TXT",
        ),
        (
            "/resolve?a=b&",
            "/resolve?a=b&name=_dmarc.xn--wgv71a119e.jp&type=TXT",
        ),
    ] {
        assert_eq!(json_url(base, &dmarc), expected);
    }
    let odd = Query::new("a b&type=ANY#x.example", RecordType::Dnskey);
    assert_eq!(
        json_url("/resolve", &odd),
        "/resolve?name=a%20b%26type%3Dany%23x.example&type=DNSKEY"
    );
    let root = Query::new(".", RecordType::Ns);
    assert_eq!(json_url("/resolve", &root), "/resolve?name=.&type=NS");
}

#[test]
fn type_numbers_round_trip() {
    for rtype in RecordType::ALL {
        assert_eq!(type_from_number(type_number(rtype)), Some(rtype));
    }
    assert_eq!(type_from_number(46), None);
    assert_eq!(type_from_number(255), None);
}
