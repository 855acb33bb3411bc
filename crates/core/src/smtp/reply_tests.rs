use super::reply::*;

fn reply(input: &[u8]) -> (Reply, usize) {
    match parse_reply(input) {
        Ok(Parsed::Reply(reply, used)) => (reply, used),
        other => panic!("expected a reply, got {other:?}"),
    }
}

#[test]
fn a_one_line_reply() {
    let (reply, used) = reply(b"220 mx.example.jp ESMTP\r\n");
    assert_eq!(reply.code, 220);
    assert_eq!(reply.lines, ["mx.example.jp ESMTP"]);
    assert_eq!(reply.enhanced, None);
    assert_eq!(used, 25);
}

#[test]
fn a_multi_line_reply_ends_at_the_line_with_a_space() {
    let input = b"250-mx.example.jp\r\n250-PIPELINING\r\n250 STARTTLS\r\n220 next";
    let (reply, used) = reply(input);
    assert_eq!(reply.code, 250);
    assert_eq!(reply.lines, ["mx.example.jp", "PIPELINING", "STARTTLS"]);
    // What follows is left for the next reply.
    assert_eq!(&input[used..], b"220 next");
}

#[test]
fn a_code_alone_is_a_reply() {
    let (reply, _) = reply(b"250\r\n");
    assert_eq!(reply.code, 250);
    assert_eq!(reply.lines, [""]);
}

#[test]
fn a_bare_line_feed_ends_a_line() {
    let (reply, _) = reply(b"250-a\n250 b\n");
    assert_eq!(reply.lines, ["a", "b"]);
}

#[test]
fn partial_input_needs_more() {
    for input in [
        &b""[..],
        b"25",
        b"250 ok",
        b"250 ok\r",
        b"250-first\r\n",
        b"250-first\r\n250 sec",
    ] {
        assert_eq!(parse_reply(input), Ok(Parsed::NeedMore), "{input:?}");
    }
}

#[test]
fn the_enhanced_code_is_read_and_left_out_of_the_words() {
    let (reply, _) = reply(
        b"550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please try again.\r\n",
    );
    assert_eq!(
        reply.enhanced,
        Some(EnhancedCode {
            class: 5,
            subject: 1,
            detail: 1
        })
    );
    assert_eq!(
        reply.words(),
        "The email account that you tried to reach does not exist. Please try again."
    );
    assert_eq!(
        reply.one_line(),
        "550 5.1.1 The email account that you tried to reach does not exist. Please try again."
    );
}

#[test]
fn an_enhanced_code_of_another_class_is_not_taken() {
    // RFC 2034 §4: the class must match the reply code's first digit.
    let (reply, _) = reply(b"550 2.1.5 odd\r\n");
    assert_eq!(reply.enhanced, None);
}

#[test]
fn things_that_look_like_enhanced_codes_but_are_not() {
    for text in [
        "5.1", "5.1.1.1", "5.1000.1", "6.1.1", "5.a.1", "5..1", "5.1.1x",
    ] {
        assert_eq!(EnhancedCode::parse_prefix(text), None, "{text}");
    }
    assert_eq!(
        EnhancedCode::parse_prefix("4.7.0 greylisted").map(|(code, end)| (code.to_string(), end)),
        Some(("4.7.0".to_owned(), 5))
    );
}

#[test]
fn lines_that_are_not_replies_are_refused() {
    for input in [
        &b"hello\r\n"[..],
        b"25\r\n",
        b"650 no\r\n",
        b"260 no\r\n",
        b"250_x\r\n",
        b"2x0 ok\r\n",
    ] {
        assert!(
            matches!(parse_reply(input), Err(ReplyError::Malformed { .. })),
            "{input:?}"
        );
    }
}

#[test]
fn lines_of_one_reply_must_share_the_code() {
    assert_eq!(
        parse_reply(b"250-a\r\n251 b\r\n"),
        Err(ReplyError::MixedCodes {
            first: 250,
            other: 251
        })
    );
}

#[test]
fn lines_longer_than_512_octets_are_forgiven_up_to_the_limit() {
    let mut input = b"250 ".to_vec();
    input.extend(std::iter::repeat_n(b'x', 1_500));
    input.extend_from_slice(b"\r\n");
    assert_eq!(reply(&input).0.lines[0].len(), 1_500);
}

#[test]
fn a_line_over_the_limit_is_refused_before_it_ends() {
    // No line end yet, but already too long: refused at once, not buffered further.
    let mut input = b"250 ".to_vec();
    input.extend(std::iter::repeat_n(b'x', MAX_LINE));
    assert_eq!(parse_reply(&input), Err(ReplyError::LineTooLong));
    input.extend_from_slice(b"\r\n");
    assert_eq!(parse_reply(&input), Err(ReplyError::LineTooLong));
}

#[test]
fn a_reply_of_too_many_lines_is_refused() {
    let input = b"250-x\r\n".repeat(MAX_LINES + 5);
    assert_eq!(parse_reply(&input), Err(ReplyError::TooManyLines));
    // Exactly the limit is fine.
    let mut input = b"250-x\r\n".repeat(MAX_LINES - 1);
    input.extend_from_slice(b"250 x\r\n");
    assert_eq!(reply(&input).0.lines.len(), MAX_LINES);
}

#[test]
fn invalid_utf8_is_replaced_not_refused() {
    let (reply, _) = reply(b"250 caf\xe9\r\n");
    assert_eq!(reply.lines, ["caf\u{fffd}"]);
}

#[test]
fn classes() {
    let (ok, _) = reply(b"250 ok\r\n");
    let (grey, _) = reply(b"450 4.7.1 greylisted\r\n");
    let (no, _) = reply(b"550 no\r\n");
    assert!(ok.is_positive() && !ok.is_transient() && !ok.is_permanent());
    assert!(grey.is_transient() && !grey.is_positive());
    assert!(no.is_permanent() && !no.is_transient());
}
