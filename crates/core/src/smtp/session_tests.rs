use super::*;

fn config(addresses: &[&str], probe: Option<&str>) -> SessionConfig {
    SessionConfig {
        host: "mx.example.jp".into(),
        helo: "probe.example.net".into(),
        addresses: addresses.iter().map(|&a| a.to_owned()).collect(),
        catch_all_probe: probe.map(str::to_owned),
    }
}

/// Plays a server: each step is (the command the session must send, or "" for none,
/// the server's reply). Returns the session after the script.
fn play(config: SessionConfig, steps: &[(&str, &str)]) -> Session {
    let mut session = Session::new(config);
    for (expected, reply) in steps {
        if !expected.is_empty() {
            match session.next_step() {
                Next::Send(bytes) => assert_eq!(String::from_utf8(bytes).unwrap(), *expected),
                other => panic!("expected to send {expected:?}, got {other:?}"),
            }
        }
        assert_eq!(session.next_step(), Next::Receive, "before {reply:?}");
        session.receive(reply.as_bytes());
    }
    session
}

fn tls_facts() -> TlsFacts {
    TlsFacts {
        version: "TLSv1.3".into(),
        cipher: "TLS13_AES_256_GCM_SHA384".into(),
        names: vec!["mx.example.jp".into()],
        not_after: Some(1_900_000_000),
        verification: CertificateCheck::Verified,
    }
}

fn verdicts(report: &ExchangerReport) -> Vec<(&str, &str)> {
    report
        .addresses
        .iter()
        .map(|result| {
            let verdict = match &result.verdict {
                Verdict::Accepted { .. } => "accepted",
                Verdict::Refused { .. } => "refused",
                Verdict::CouldNotTell { why } => match why {
                    Unknown::Temporary { .. } => "temporary",
                    Unknown::CatchAll { .. } => "catch-all",
                    Unknown::SessionRefused { .. } => "session-refused",
                    Unknown::Timeout { .. } => "timeout",
                    Unknown::ConnectionClosed { .. } => "closed",
                    Unknown::BadReply { .. } => "bad-reply",
                    Unknown::TlsFailed { .. } => "tls-failed",
                    Unknown::UnusableAddress => "unusable",
                    _ => "other",
                },
            };
            (result.address.as_str(), verdict)
        })
        .collect()
}

#[test]
fn the_whole_session_with_starttls_and_never_data() {
    let mut session = play(
        config(&["a@example.jp", "b@example.jp"], None),
        &[
            ("", "220 mx.example.jp ESMTP\r\n"),
            (
                "EHLO probe.example.net\r\n",
                "250-mx.example.jp\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n",
            ),
            ("STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n"),
        ],
    );
    assert_eq!(session.next_step(), Next::StartTls);
    session.tls_established(tls_facts());
    let steps = [
        (
            "EHLO probe.example.net\r\n",
            "250-mx.example.jp\r\n250 SIZE 1000\r\n",
        ),
        ("MAIL FROM:<>\r\n", "250 2.1.0 Ok\r\n"),
        ("RCPT TO:<a@example.jp>\r\n", "250 2.1.5 Ok\r\n"),
        (
            "RCPT TO:<b@example.jp>\r\n",
            "550 5.1.1 <b@example.jp>: Recipient address rejected: User unknown\r\n",
        ),
        ("QUIT\r\n", "221 2.0.0 Bye\r\n"),
    ];
    let mut sent = Vec::new();
    for (expected, reply) in steps {
        let Next::Send(bytes) = session.next_step() else {
            panic!("expected {expected:?}")
        };
        sent.push(String::from_utf8(bytes).unwrap());
        session.receive(reply.as_bytes());
    }
    assert_eq!(session.next_step(), Next::Close);
    assert!(sent.iter().all(|command| !command.starts_with("DATA")));
    let report = session.report();
    assert_eq!(
        verdicts(&report),
        [("a@example.jp", "accepted"), ("b@example.jp", "refused")]
    );
    // The extensions after TLS replace those before it (RFC 3207 §4.2).
    assert_eq!(report.extensions, ["SIZE"]);
    assert_eq!(report.tls, TlsOutcome::Established { facts: tls_facts() });
    assert_eq!(report.banner.unwrap().lines, ["mx.example.jp ESMTP"]);
}

#[test]
fn no_starttls_offered_goes_on_unencrypted_and_says_so() {
    let mut session = play(
        config(&["a@example.jp"], None),
        &[
            ("", "220 mx ESMTP\r\n"),
            ("EHLO probe.example.net\r\n", "250-mx\r\n250 SIZE 10\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    assert_eq!(session.next_step(), Next::Close);
    let report = session.report();
    assert_eq!(report.tls, TlsOutcome::NotOffered);
    assert_eq!(verdicts(&report), [("a@example.jp", "accepted")]);
}

#[test]
fn ehlo_refused_falls_back_to_helo() {
    let session = play(
        config(&["a@example.jp"], None),
        &[
            ("", "220 old server\r\n"),
            (
                "EHLO probe.example.net\r\n",
                "502 command not implemented\r\n",
            ),
            ("HELO probe.example.net\r\n", "250 hello\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "550 no such user here\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    let report = session.report();
    assert!(report.helo_only);
    assert_eq!(report.tls, TlsOutcome::NotOffered);
    assert_eq!(verdicts(&report), [("a@example.jp", "refused")]);
}

#[test]
fn greylisting_at_rcpt_is_could_not_tell() {
    let session = play(
        config(&["a@example.jp", "b@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            (
                "RCPT TO:<a@example.jp>\r\n",
                "450 4.2.0 <a@example.jp>: Recipient address rejected: Greylisted\r\n",
            ),
            ("RCPT TO:<b@example.jp>\r\n", "250 ok\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    assert_eq!(
        verdicts(&session.report()),
        [("a@example.jp", "temporary"), ("b@example.jp", "accepted")]
    );
}

#[test]
fn a_catch_all_turns_acceptances_into_could_not_tell_but_keeps_refusals() {
    let session = play(
        config(
            &["a@example.jp", "b@example.jp"],
            Some("mailmove-probe-x@example.jp"),
        ),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<mailmove-probe-x@example.jp>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
            ("RCPT TO:<b@example.jp>\r\n", "550 5.7.1 blocked\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    let report = session.report();
    assert_eq!(
        verdicts(&report),
        [("a@example.jp", "catch-all"), ("b@example.jp", "refused")]
    );
    assert!(report.catch_all_probe.unwrap().verdict.is_accepted());
}

#[test]
fn a_refused_probe_address_leaves_acceptances_as_they_are() {
    let session = play(
        config(&["a@example.jp"], Some("mailmove-probe-x@example.jp")),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            (
                "RCPT TO:<mailmove-probe-x@example.jp>\r\n",
                "550 5.1.1 unknown\r\n",
            ),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    assert_eq!(verdicts(&session.report()), [("a@example.jp", "accepted")]);
}

#[test]
fn a_refused_banner_refuses_every_address_with_its_reply() {
    let mut session = play(
        config(&["a@example.jp"], None),
        &[("", "554 5.7.1 no service for you\r\n")],
    );
    assert_eq!(session.next_step(), Next::Send(b"QUIT\r\n".to_vec()));
    let report = session.report();
    assert_eq!(verdicts(&report), [("a@example.jp", "session-refused")]);
    let Verdict::CouldNotTell {
        why: Unknown::SessionRefused { at, reply },
    } = &report.addresses[0].verdict
    else {
        panic!()
    };
    assert_eq!((at.as_str(), reply.code), ("banner", 554));
}

#[test]
fn a_421_at_any_point_ends_the_session_without_quit() {
    let mut session = play(
        config(&["a@example.jp", "b@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "550 5.1.1 unknown\r\n"),
            (
                "RCPT TO:<b@example.jp>\r\n",
                "421 4.7.0 too many errors\r\n",
            ),
        ],
    );
    assert_eq!(session.next_step(), Next::Close);
    assert_eq!(
        verdicts(&session.report()),
        [
            ("a@example.jp", "refused"),
            ("b@example.jp", "session-refused")
        ]
    );
    // The server answered one, then hung up: the other is for a new session.
    assert_eq!(session.unanswered(), ["b@example.jp"]);
}

#[test]
fn nothing_is_left_for_a_new_session_when_nothing_was_answered_or_it_timed_out() {
    let refused = play(
        config(&["a@example.jp"], None),
        &[("", "421 4.3.2 busy\r\n")],
    );
    assert!(refused.unanswered().is_empty());
    let mut stalled = play(
        config(&["a@example.jp", "b@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
        ],
    );
    assert!(matches!(stalled.next_step(), Next::Send(_)));
    stalled.timed_out();
    assert!(stalled.unanswered().is_empty());
}

#[test]
fn too_many_recipients_go_on_in_a_new_transaction() {
    let session = play(
        config(&["a@example.jp", "b@example.jp", "c@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
            (
                "RCPT TO:<b@example.jp>\r\n",
                "452 4.5.3 Too many recipients\r\n",
            ),
            ("RSET\r\n", "250 ok\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<b@example.jp>\r\n", "250 ok\r\n"),
            ("RCPT TO:<c@example.jp>\r\n", "550 5.1.1 unknown\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    assert_eq!(
        verdicts(&session.report()),
        [
            ("a@example.jp", "accepted"),
            ("b@example.jp", "accepted"),
            ("c@example.jp", "refused")
        ]
    );
}

#[test]
fn too_many_recipients_on_the_first_of_a_transaction_is_not_retried_forever() {
    let session = play(
        config(&["a@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "452 4.5.3 Too many\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    assert_eq!(verdicts(&session.report()), [("a@example.jp", "temporary")]);
}

#[test]
fn a_timeout_marks_what_was_not_asked() {
    let mut session = play(config(&["a@example.jp"], None), &[("", "220 mx\r\n")]);
    assert!(matches!(session.next_step(), Next::Send(_)));
    assert_eq!(session.next_step(), Next::Receive);
    session.timed_out();
    assert_eq!(session.next_step(), Next::Close);
    let report = session.report();
    assert_eq!(verdicts(&report), [("a@example.jp", "timeout")]);
    assert_eq!(
        report.addresses[0].verdict,
        Verdict::CouldNotTell {
            why: Unknown::Timeout { at: "EHLO".into() }
        }
    );
}

#[test]
fn a_closed_connection_marks_what_was_not_asked() {
    let mut session = Session::new(config(&["a@example.jp"], None));
    session.closed();
    assert_eq!(session.next_step(), Next::Close);
    assert_eq!(verdicts(&session.report()), [("a@example.jp", "closed")]);
}

#[test]
fn a_timeout_after_quit_changes_nothing() {
    let mut session = play(
        config(&["a@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
        ],
    );
    assert_eq!(session.next_step(), Next::Send(b"QUIT\r\n".to_vec()));
    session.timed_out();
    assert_eq!(verdicts(&session.report()), [("a@example.jp", "accepted")]);
}

#[test]
fn a_huge_reply_ends_the_session_without_holding_it() {
    let mut session = Session::new(config(&["a@example.jp"], None));
    let chunk = vec![b'x'; 4096];
    session.receive(b"220 ");
    for _ in 0..256 {
        session.receive(&chunk);
        if session.next_step() == Next::Close {
            break;
        }
    }
    assert_eq!(session.next_step(), Next::Close);
    assert!(session.input.len() < MAX_LINE + chunk.len());
    assert_eq!(verdicts(&session.report()), [("a@example.jp", "bad-reply")]);
}

#[test]
fn bytes_after_the_starttls_reply_are_dropped() {
    let mut session = play(
        config(&["a@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250-mx\r\n250 STARTTLS\r\n"),
            // An injected reply rides along with the 220 (CVE-2011-0411).
            ("STARTTLS\r\n", "220 go ahead\r\n250 injected\r\n"),
        ],
    );
    assert_eq!(session.next_step(), Next::StartTls);
    session.tls_established(tls_facts());
    assert_eq!(
        session.next_step(),
        Next::Send(b"EHLO probe.example.net\r\n".to_vec())
    );
    // Had the injected 250 been kept, it would have answered this EHLO.
    assert_eq!(session.next_step(), Next::Receive);
    assert!(session.input.is_empty());
}

#[test]
fn a_failed_handshake_ends_the_session() {
    let mut session = play(
        config(&["a@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250-mx\r\n250 STARTTLS\r\n"),
            ("STARTTLS\r\n", "220 go ahead\r\n"),
        ],
    );
    session.tls_failed("handshake failure");
    assert_eq!(session.next_step(), Next::Close);
    let report = session.report();
    assert_eq!(verdicts(&report), [("a@example.jp", "tls-failed")]);
    assert!(matches!(report.tls, TlsOutcome::Failed { .. }));
}

#[test]
fn starttls_refused_goes_on_unencrypted() {
    let session = play(
        config(&["a@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250-mx\r\n250 STARTTLS\r\n"),
            ("STARTTLS\r\n", "454 4.7.0 TLS not available\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
        ],
    );
    let report = session.report();
    assert!(matches!(report.tls, TlsOutcome::Refused { .. }));
    assert_eq!(verdicts(&report), [("a@example.jp", "accepted")]);
}

#[test]
fn mail_from_refused_is_could_not_tell_for_every_address() {
    let session = play(
        config(&["a@example.jp", "b@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "550 5.7.1 no bounces accepted\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    assert_eq!(
        verdicts(&session.report()),
        [
            ("a@example.jp", "session-refused"),
            ("b@example.jp", "session-refused")
        ]
    );
}

#[test]
fn unusable_addresses_are_never_written_into_a_command() {
    let session = play(
        config(&["x@example.jp>\r\nDATA", "a@example.jp"], None),
        &[
            ("", "220 mx\r\n"),
            ("EHLO probe.example.net\r\n", "250 mx\r\n"),
            ("MAIL FROM:<>\r\n", "250 ok\r\n"),
            ("RCPT TO:<a@example.jp>\r\n", "250 ok\r\n"),
            ("QUIT\r\n", "221 bye\r\n"),
        ],
    );
    assert_eq!(
        verdicts(&session.report()),
        [
            ("x@example.jp>\r\nDATA", "unusable"),
            ("a@example.jp", "accepted")
        ]
    );
}

#[test]
fn a_reply_split_over_many_reads_is_put_together() {
    let mut session = Session::new(config(&["a@example.jp"], None));
    for byte in b"220 mx ESMTP ready\r\n" {
        assert_eq!(session.next_step(), Next::Receive);
        session.receive(&[*byte]);
    }
    assert_eq!(
        session.next_step(),
        Next::Send(b"EHLO probe.example.net\r\n".to_vec())
    );
}

#[test]
fn refusals_are_told_apart() {
    let reply = |text: &str| match parse_reply(text.as_bytes()) {
        Ok(Parsed::Reply(reply, _)) => reply,
        other => panic!("{other:?}"),
    };
    for (text, expected) in [
        (
            "550 5.1.1 <b@example.jp>: Recipient address rejected: User unknown in virtual mailbox table\r\n",
            Refusal::UnknownUser,
        ),
        ("550 No such user here\r\n", Refusal::UnknownUser),
        (
            "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)\r\n",
            Refusal::UnknownUser,
        ),
        (
            "554 5.7.1 <x@example.jp>: Relay access denied\r\n",
            Refusal::DomainNotServed,
        ),
        (
            "550 5.7.64 TenantAttribution; Relay Access Denied\r\n",
            Refusal::DomainNotServed,
        ),
        (
            "550 5.1.2 bad destination system\r\n",
            Refusal::DomainNotServed,
        ),
        (
            "554 5.7.1 Service unavailable; client host blocked\r\n",
            Refusal::Policy,
        ),
        ("552 mailbox full\r\n", Refusal::Other),
    ] {
        assert_eq!(refusal(&reply(text)), expected, "{text}");
    }
    assert_eq!(
        explain(&Verdict::Refused {
            reply: reply("550 5.1.1 unknown\r\n")
        })
        .ja,
        "このアドレスは移行先にまだありません。アカウントかエイリアスを作ってください。"
    );
}

#[test]
fn verdicts_over_several_exchangers() {
    let ok = Verdict::Accepted {
        reply: Reply {
            code: 250,
            enhanced: None,
            lines: vec![],
        },
    };
    let no = Verdict::Refused {
        reply: Reply {
            code: 550,
            enhanced: None,
            lines: vec![],
        },
    };
    let timeout = Verdict::CouldNotTell {
        why: Unknown::ConnectTimeout,
    };
    assert_eq!(combine([&ok, &no]), Some(no.clone()));
    assert_eq!(combine([&timeout, &ok]), Some(ok.clone()));
    assert_eq!(combine([&timeout]), Some(timeout.clone()));
    assert_eq!(combine([&ok, &timeout, &no]), Some(no));
    assert_eq!(combine(std::iter::empty()), None);
}

#[test]
fn a_reply_that_came_with_the_one_before_is_read_without_waiting() {
    let mut session = Session::new(config(&["a@example.jp"], None));
    session.receive(b"220 mx\r\n250 mx\r\n");
    assert_eq!(
        session.next_step(),
        Next::Send(b"EHLO probe.example.net\r\n".to_vec())
    );
    // The 250 already read answers the EHLO: no read that could wait forever.
    assert_eq!(
        session.next_step(),
        Next::Send(b"MAIL FROM:<>\r\n".to_vec())
    );
}

#[test]
fn a_421_banner_is_kept_in_the_report() {
    let mut session = Session::new(config(&["a@example.jp"], None));
    session.receive(b"421 4.3.2 busy, try later\r\n");
    assert_eq!(session.next_step(), Next::Close);
    let report = session.report();
    assert_eq!(report.banner.map(|banner| banner.code), Some(421));
    assert!(matches!(
        report.addresses[0].verdict,
        Verdict::CouldNotTell {
            why: Unknown::SessionRefused { .. }
        }
    ));
}

#[test]
fn a_helo_name_that_could_carry_a_command_is_not_written() {
    let mut config = config(&["a@example.jp"], None);
    config.helo = "x\r\nDATA".into();
    let mut session = Session::new(config);
    session.receive(b"220 mx\r\n");
    assert_eq!(
        session.next_step(),
        Next::Send(b"EHLO localhost\r\n".to_vec())
    );
}
