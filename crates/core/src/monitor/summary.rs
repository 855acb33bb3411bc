//! The monitor's verdict in one sentence per language: what the page shows above the
//! table and what the CLI prints first.

use super::{JST_OFFSET_MINUTES, Status, View, format_time};
use crate::api::Message;

/// The headline for `status`.
pub fn headline(status: &Status) -> Message {
    if let Some(lagging) = status.lagging_authoritative.first() {
        let serial = |serial: Option<u32>| serial.map_or_else(|| "?".to_owned(), |s| s.to_string());
        let (what_ja, what_en) = match lagging.view {
            View::NoMx => ("MX を返していません", "serves no MX"),
            _ => (
                "まだ新しい MX を返していません",
                "does not serve the new MX yet",
            ),
        };
        return Message {
            ja: format!(
                "権威 DNS サーバー {} ({}) が{}（シリアル {}、最新 {}）。すべての権威サーバーが新しい MX を返すまで、どのリゾルバーも古い MX を取得し直せます。DNS 事業者の反映を待つか、問い合わせてください。",
                lagging.server,
                lagging.address,
                what_ja,
                serial(lagging.soa_serial),
                serial(status.newest_serial),
            ),
            en: format!(
                "Authoritative name server {} ({}) {} (serial {}, newest {}). Until every authoritative server serves the new MX, any resolver can fetch the old one again. Wait for the DNS host to publish the change, or ask them.",
                lagging.server,
                lagging.address,
                what_en,
                serial(lagging.soa_serial),
                serial(status.newest_serial),
            ),
        };
    }
    if !status.authoritative_switched {
        return Message {
            ja: "権威 DNS サーバーから回答がなく、切り替わったか判断できません。".into(),
            en: "No authoritative name server answered: whether the switch is done cannot be told."
                .into(),
        };
    }
    let counts_ja = format!(
        "応答したリゾルバー {} 台のうち {} 台が新しい MX を返しています。",
        status.resolvers_answered, status.resolvers_switched
    );
    let counts_en = format!(
        "{} of {} resolvers that answered return the new MX.",
        status.resolvers_switched, status.resolvers_answered
    );
    let (safe_ja, safe_en) = match status.safe_from {
        Some(safe_from) => {
            let when = format_time(safe_from, JST_OFFSET_MINUTES);
            (
                format!("旧メールボックスの確認と最終同期は {when} 以降に終えられます。"),
                format!("The old inbox can be left, and the final mail sync run, from {when}."),
            )
        }
        None => (
            "旧 MX レコードの TTL が分からないため、旧メールボックスをいつまで確認すべきかは計算できません（旧 TTL を指定してください）。".into(),
            "The old MX record's TTL is unknown, so how long to watch the old inbox cannot be computed (give the old TTL).".into(),
        ),
    };
    if status.all_switched {
        Message {
            ja: format!(
                "権威サーバーと応答したすべてのリゾルバーが新しい MX を返しています。{safe_ja}"
            ),
            en: format!(
                "Every authoritative server and every resolver that answered returns the new MX. {safe_en}"
            ),
        }
    } else {
        Message {
            ja: format!("権威サーバーはすべて新しい MX を返しています。{counts_ja}{safe_ja}"),
            en: format!("Every authoritative server serves the new MX. {counts_en} {safe_en}"),
        }
    }
}
