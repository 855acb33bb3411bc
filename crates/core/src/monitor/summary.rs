//! The monitor's verdict in words: what the page shows above the table and what the
//! CLI prints first, for the case [`verdict`] decided from the rows.

use super::time::{Offset, human_time};
use super::verdict::{Verdict, verdict};
use super::{Status, View};
use crate::Lang;
use crate::Message;

/// The headline for `status`, its moments written at `offset`.
pub fn headline(status: &Status, offset: Offset<'_>) -> Message {
    let case = verdict(status);
    Message {
        ja: words(&case, status, offset, Lang::Ja),
        en: words(&case, status, offset, Lang::En),
    }
}

fn words(case: &Verdict, status: &Status, offset: Offset<'_>, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let new_mx = status.new_mx.iter().cloned().collect::<Vec<_>>();
    let new_list = new_mx.join(if ja { "、" } else { ", " });
    let when = |unix: u64| human_time(unix, offset, lang, false);
    match case {
        Verdict::ZoneListsOld {
            old_hosts,
            new_listed,
        } => {
            let hosts = old_hosts.join(if ja { "、" } else { ", " });
            match (ja, new_listed, new_mx.is_empty()) {
                (true, true, _) => format!(
                    "ゾーンにまだ {hosts} が残っています。DNS の管理画面で削除してください。残っている間は、メールの一部が旧サーバーに届き続けます。"
                ),
                (false, true, _) => format!(
                    "The zone still lists {hosts}: delete {} at your DNS host. While it stays, some mail keeps going to the old server.",
                    if old_hosts.len() == 1 { "it" } else { "them" }
                ),
                (true, false, false) => format!(
                    "ゾーンにはまだ {hosts} だけがあり、新しい MX（{new_list}）がありません。DNS の管理画面で MX を {new_list} に変更してください。"
                ),
                (false, false, false) => format!(
                    "The zone still lists only {hosts}, not the new MX ({new_list}): change the MX to {new_list} at your DNS host."
                ),
                (true, false, true) => format!(
                    "ゾーンにはまだ {hosts} だけがあります。DNS の管理画面で MX を新しいサービスのものに変更してください。"
                ),
                (false, false, true) => format!(
                    "The zone still lists only {hosts}: change the MX to the new service's at your DNS host."
                ),
            }
        }
        Verdict::ZoneWithoutMx { server } => {
            if ja {
                format!(
                    "ゾーンに MX レコードがありません（{server} の回答）。このままではメールが届きません。DNS の管理画面で新しい MX を追加してください。"
                )
            } else {
                format!(
                    "The zone has no MX record ({server} answers with none): mail cannot be delivered. Add the new MX at your DNS host."
                )
            }
        }
        Verdict::AuthorityLags {
            server,
            address,
            view,
            serial,
            newest,
        } => {
            let number = |serial: &Option<u32>| serial.map_or_else(|| "?".to_owned(), |s| s.to_string());
            let (what_ja, what_en) = match view {
                View::NoMx => ("MX を返していません", "serves no MX"),
                View::Mixed => (
                    "まだ新旧両方の MX を返しています",
                    "still serves both the old and the new MX",
                ),
                _ => ("まだ旧 MX を返しています", "still serves the old MX"),
            };
            if ja {
                format!(
                    "権威 DNS サーバー {server} ({address}) が古い版のゾーンを返し、{what_ja}（シリアル {}、最新 {}）。すべての権威サーバーが新しい MX を返すまで、どのリゾルバーも旧 MX を取得し直せます。DNS 事業者の反映を待つか、問い合わせてください。",
                    number(serial),
                    number(newest)
                )
            } else {
                format!(
                    "Authoritative name server {server} ({address}) serves an older version of the zone and {what_en} (serial {}, newest {}). Until every authoritative server serves the new MX, any resolver can fetch the old one again. Wait for the DNS host to publish the change, or ask them.",
                    number(serial),
                    number(newest)
                )
            }
        }
        Verdict::NoAuthority => match (status.old_mx_possible_until, status.safe_from, ja) {
            (Some(until), Some(safe), true) => format!(
                "権威 DNS サーバーに問い合わせられず、ゾーンが切り替わったかは確認できません。変更時刻と旧 MX の TTL から計算すると、旧 MX が返され得るのは遅くとも {} まで、旧メールボックスの確認と最終同期は {} 以降に終えられます。",
                when(until),
                when(safe)
            ),
            (Some(until), Some(safe), false) => format!(
                "No authoritative name server could be asked, so whether the zone has switched cannot be checked. From the change time and the old MX's TTL, an old answer can be handed out until {} at the latest; the old inbox can be left, and the final mail sync run, from {}.",
                when(until),
                when(safe)
            ),
            (_, _, true) => "権威 DNS サーバーに問い合わせられず、切り替わったか判断できません。変更時刻と旧 MX の TTL を指定すると、旧 MX が返され得る最後の時刻を計算できます。".to_owned(),
            (_, _, false) => "No authoritative name server could be asked: whether the switch is done cannot be told. Give the change time and the old MX's TTL to compute until when an old answer can be handed out.".to_owned(),
        },
        Verdict::AllSwitched => {
            let safe = safe_words(status, offset, lang);
            if ja {
                format!("権威サーバーと応答したすべてのリゾルバーが新しい MX だけを返しています。{safe}")
            } else {
                format!(
                    "Every authoritative server and every resolver that answered returns only the new MX. {safe}"
                )
            }
        }
        Verdict::ResolversPending {
            old,
            mixed,
            no_mx,
            switched,
            answered,
        } => {
            let safe = safe_words(status, offset, lang);
            let parts: Vec<String> = [
                (*old, "台が旧 MX だけ", "still return only the old MX"),
                (*mixed, "台が新旧混在", "return old and new together (mixed)"),
                (*no_mx, "台が MX なし", "return no MX"),
            ]
            .into_iter()
            .filter(|(count, _, _)| *count > 0)
            .map(|(count, part_ja, part_en)| {
                if ja {
                    format!("{count} {part_ja}")
                } else {
                    format!("{count} {part_en}")
                }
            })
            .collect();
            if ja {
                format!(
                    "権威サーバーはすべて新しい MX だけを返しています。応答したリゾルバー {answered} 台のうち {switched} 台が新しい MX だけ、{}です。{safe}",
                    parts.join("、")
                )
            } else {
                format!(
                    "Every authoritative server serves only the new MX. Of {answered} resolvers that answered, {switched} return only the new MX and {}. {safe}",
                    parts.join(", ")
                )
            }
        }
    }
}

fn safe_words(status: &Status, offset: Offset<'_>, lang: Lang) -> String {
    match (status.safe_from, lang) {
        (Some(safe_from), Lang::Ja) => format!(
            "旧メールボックスの確認と最終同期は {} 以降に終えられます。",
            human_time(safe_from, offset, lang, false)
        ),
        (Some(safe_from), Lang::En) => format!(
            "The old inbox can be left, and the final mail sync run, from {}.",
            human_time(safe_from, offset, lang, false)
        ),
        (None, Lang::Ja) => "旧 MX レコードの TTL が分からないため、旧メールボックスをいつまで確認すべきかは計算できません（旧 TTL を指定してください）。".into(),
        (None, Lang::En) => "The old MX record's TTL is unknown, so how long to watch the old inbox cannot be computed (give the old TTL).".into(),
    }
}
