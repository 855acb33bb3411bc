//! The latest moment an old answer can be handed out, and on what it is based: the
//! answers (every authoritative server serves the new MX), or, when no authoritative
//! server can be asked (a network that blocks direct DNS, a static deployment, every
//! authority timed out), the change time and the old TTL alone. Known public
//! resolvers' TTL caps (`ttl_caps`) give those resolvers an earlier moment of their own.

use serde::{Deserialize, Serialize};

use super::time::{Offset, duration_words, human_time};
use super::ttl_caps::{TTL_CAPS, TtlCap, cap_for};
use super::{Expectation, Role, ServerVerdict, Status, View, WATCH_MARGIN};
use crate::Lang;
use crate::Message;

/// What the moments rest on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Every authoritative server that answered serves only the new MX: the latest of
    /// what the asked resolvers still hold and the old TTL counted from the change
    /// (from now when the change time is unknown).
    Answers,
    /// No authoritative server answered: the change time plus the old TTL, assuming
    /// the authoritative servers have served only the new MX since then (unchecked).
    ChangeAndTtl,
}

/// A public resolver known to keep answers for less than the old TTL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CappedResolver {
    /// The service (`Google Public DNS`).
    pub service: String,
    /// The longest it keeps an answer (seconds).
    pub max_ttl: u32,
    /// The latest moment it may hand out the old MX (Unix seconds).
    pub until: u64,
    /// Where the cap comes from.
    pub source: String,
    /// When the source measured it (ISO date).
    pub measured_on: String,
}

/// The latest moment an old answer can be handed out and its basis, or `None` while
/// an authoritative server lags (a resolver may fetch the old set at any time) or
/// when nothing bounds it.
pub(super) fn old_answers_until(
    servers: &[ServerVerdict],
    expect: &Expectation,
    now: u64,
    authoritative_switched: bool,
    authority_lags: bool,
) -> Option<(Basis, u64)> {
    if authority_lags {
        return None;
    }
    if authoritative_switched {
        // The authorities serve the new set now, so the change happened by now.
        let from = expect.changed_at.unwrap_or(now);
        return latest_old_answer(servers, expect.old_ttl, from, now)
            .map(|until| (Basis::Answers, until));
    }
    // Nobody authoritative answered: only the user's change time can place the
    // change; "now" would be a guess.
    let (Some(changed_at), Some(old_ttl)) = (expect.changed_at, expect.old_ttl) else {
        return None;
    };
    latest_old_answer(servers, Some(old_ttl), changed_at, now)
        .map(|until| (Basis::ChangeAndTtl, until))
}

/// The largest remaining TTL among resolvers that still see old exchangers, and the
/// old record's full TTL from `from` for every resolver nobody asked (any of them may
/// have cached the old set just before the change).
fn latest_old_answer(
    servers: &[ServerVerdict],
    old_ttl: Option<u32>,
    from: u64,
    now: u64,
) -> Option<u64> {
    let cached = servers
        .iter()
        .filter(|server| server.role == Role::Resolver)
        .filter(|server| matches!(server.view, View::Old | View::Mixed))
        .map(|server| now.saturating_add(u64::from(server.ttl_left.unwrap_or(0))))
        .max();
    let unasked = old_ttl.map(|ttl| from.saturating_add(u64::from(ttl)));
    cached.into_iter().chain(unasked).max()
}

/// The known caps shorter than the old TTL, each with its own latest moment: the cap
/// from `from`, or later if a row of that service was seen holding the old set longer.
pub(super) fn capped_resolvers(
    servers: &[ServerVerdict],
    old_ttl: Option<u32>,
    from: u64,
    now: u64,
) -> Vec<CappedResolver> {
    let Some(old_ttl) = old_ttl else {
        return Vec::new();
    };
    TTL_CAPS
        .iter()
        .filter(|cap| cap.max_ttl < old_ttl)
        .map(|cap| {
            let seen = servers
                .iter()
                .filter(|server| server.role == Role::Resolver)
                .filter(|server| matches!(server.view, View::Old | View::Mixed))
                .filter(|server| cap_for(&server.address) == Some(cap))
                .map(|server| now.saturating_add(u64::from(server.ttl_left.unwrap_or(0))))
                .max();
            capped(
                cap,
                from.saturating_add(u64::from(cap.max_ttl))
                    .max(seen.unwrap_or(0)),
            )
        })
        .collect()
}

fn capped(cap: &TtlCap, until: u64) -> CappedResolver {
    CappedResolver {
        service: cap.service.to_owned(),
        max_ttl: cap.max_ttl,
        until,
        source: cap.source.to_owned(),
        measured_on: cap.measured_on.to_owned(),
    }
}

/// On what the moments rest, in words (the moments at `offset`), or `None` when there
/// are none.
pub fn basis_words(status: &Status, expect: &Expectation, offset: Offset<'_>) -> Option<Message> {
    let basis = status.basis?;
    let words = |lang: Lang| {
        let when = |unix: u64| human_time(unix, offset, lang, false);
        let ttl = expect
            .old_ttl
            .map(|ttl| duration_words(u64::from(ttl), lang));
        let margin = duration_words(WATCH_MARGIN, lang);
        let mut text = match (basis, lang, &ttl, expect.changed_at) {
            (Basis::ChangeAndTtl, Lang::Ja, Some(ttl), Some(at)) => format!(
                "権威 DNS サーバーに問い合わせられなかったため、変更時刻（{}）と旧 MX の TTL（{ttl}）だけから計算しています。権威サーバーがその時刻から新しい MX だけを返している前提で、確認はできていません。",
                when(at)
            ),
            (Basis::ChangeAndTtl, Lang::En, Some(ttl), Some(at)) => format!(
                "No authoritative name server could be asked, so this is computed from the change time ({}) and the old MX's TTL ({ttl}) alone, assuming the authoritative servers have served only the new MX since then; that could not be checked.",
                when(at)
            ),
            (_, Lang::Ja, Some(ttl), Some(at)) => format!(
                "すべての権威 DNS サーバーが新しい MX を返しています。変更時刻（{}）から旧 MX の TTL（{ttl}）が過ぎる時刻と、リゾルバーがまだ保持している旧 MX の残り時間のうち、遅いほうです。",
                when(at)
            ),
            (_, Lang::En, Some(ttl), Some(at)) => format!(
                "Every authoritative name server serves the new MX. This is the later of the change time ({}) plus the old MX's TTL ({ttl}) and what resolvers still hold of the old MX.",
                when(at)
            ),
            (_, Lang::Ja, Some(ttl), None) => format!(
                "すべての権威 DNS サーバーが新しい MX を返しています。変更時刻が分からないため、今から旧 MX の TTL（{ttl}）が過ぎる時刻と、リゾルバーがまだ保持している旧 MX の残り時間のうち、遅いほうです。"
            ),
            (_, Lang::En, Some(ttl), None) => format!(
                "Every authoritative name server serves the new MX. The change time is unknown, so this is the later of now plus the old MX's TTL ({ttl}) and what resolvers still hold of the old MX."
            ),
            (_, Lang::Ja, None, _) => "旧 MX の TTL が分からないため、問い合わせたリゾルバーが保持している旧 MX の残り時間だけから計算しています。問い合わせていないリゾルバーはもっと長く保持しているかもしれません。".to_owned(),
            (_, Lang::En, None, _) => "The old MX's TTL is unknown, so this only counts what the asked resolvers still hold; resolvers nobody asked may keep the old MX longer.".to_owned(),
        };
        text.push_str(&match lang {
            Lang::Ja => format!(
                "旧メールボックスの監視終了はその {margin} 後です（旧サーバー宛てに送信待ちになったメールの再送に備えます）。"
            ),
            Lang::En => format!(
                " Safe-from is {margin} later, for senders retrying mail queued for the old server."
            ),
        });
        for cap in &status.capped_resolvers {
            text.push_str(&cap_words(cap, offset, lang));
        }
        if !status.capped_resolvers.is_empty() {
            text.push_str(match lang {
                Lang::Ja => "ほかのリゾルバーは TTL いっぱい保持し得るため、全体の時刻は変わりません。",
                Lang::En => " Other resolvers may keep the old MX for the full TTL, so the overall moment stays.",
            });
        }
        text
    };
    Some(Message {
        ja: words(Lang::Ja),
        en: words(Lang::En),
    })
}

/// One capped resolver in words: `Google Public DNS は最大 6 時間しか保持しないことが第三者の計測（2023年3月18日）で知られており、遅くとも 1月19日(火) 18:00 までです。`
pub fn cap_words(cap: &CappedResolver, offset: Offset<'_>, lang: Lang) -> String {
    let most = duration_words(u64::from(cap.max_ttl), lang);
    let until = human_time(cap.until, offset, lang, false);
    let measured = date_words(&cap.measured_on, lang);
    match lang {
        Lang::Ja => format!(
            "{} は最大 {most} しか保持しないことが第三者の計測（{measured}）で知られており、遅くとも {until} までです。",
            cap.service
        ),
        Lang::En => format!(
            " {} keeps answers for at most {most} (measured by a third party, {measured}): until {until} at the latest.",
            cap.service
        ),
    }
}

/// `2023-03-18` as `2023年3月18日` / `18 Mar 2023`; anything else as it is.
fn date_words(iso: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let Ok(date) = iso.parse::<crate::calendar::Date>() else {
        return iso.to_owned();
    };
    match lang {
        Lang::Ja => format!("{}年{}月{}日", date.year, date.month, date.day),
        Lang::En => format!(
            "{} {} {}",
            date.day,
            MONTHS[usize::from(date.month.clamp(1, 12)) - 1],
            date.year
        ),
    }
}
