//! What `mailmove accounts` says on stderr, in the user's language.

use mailmove_core::Lang;
use mailmove_core::accounts::AccountIssue;

/// The domain inferred from the input's addresses.
pub(super) fn inferred_domain(domain: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("ドメイン: {domain}(入力のアドレスから判断)"),
        Lang::En => format!("Domain: {domain} (from the input's addresses)"),
    }
}

/// More addresses than supported: nothing was written.
pub(super) fn too_many(lang: Lang) -> String {
    let max = mailmove_core::accounts::MAX_ACCOUNTS;
    match lang {
        Lang::Ja => format!(
            "入力のアドレスが{max}件を超えています({max}件まで対応)。{max}件以下のファイルに分けて、それぞれ実行してください。何も書き出していません。"
        ),
        Lang::En => format!(
            "The input has more than {max} addresses (the most supported is {max}): split it into files of at most {max} and run each. Nothing was written."
        ),
    }
}

/// `count` undecided addresses became mailboxes (`--unassigned-as-users`).
pub(super) fn made_mailboxes(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "移行先が決まっていない{count}件のアドレスを、それぞれ個別のメールボックスにしました(--unassigned-as-users)。"
        ),
        Lang::En => format!(
            "{count} undecided addresses became mailboxes of their own (--unassigned-as-users)."
        ),
    }
}

/// What to do about the errors that stopped the export, in one line: the flag's own
/// advice only when an address is undecided, the names that are missing when the
/// target needs both (which `--unassigned-as-users` cannot invent).
pub(super) fn blocked_hint(issues: &[AccountIssue], lang: Lang) -> String {
    use mailmove_core::accounts::AccountIssueKind as Kind;
    let undecided = issues.iter().any(|issue| issue.kind == Kind::NoDestination);
    let unnamed: Vec<&str> = issues
        .iter()
        .filter(|issue| issue.kind == Kind::MissingNamePart)
        .filter_map(|issue| issue.address.as_deref())
        .collect();
    let mut hints = Vec::new();
    if undecided {
        hints.push(match lang {
            Lang::Ja => "宛先が決まっていないアドレスがあります。入力の種別の列で決めるか、--unassigned-as-users で個別のメールボックスにしてください。".to_owned(),
            Lang::En => "Some addresses have no destination: decide them in the input's type column, or make them mailboxes with --unassigned-as-users.".to_owned(),
        });
    }
    if !unnamed.is_empty() {
        const SHOWN: usize = 5;
        let mut list = unnamed
            .iter()
            .take(SHOWN)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if unnamed.len() > SHOWN {
            list.push_str(&format!(" (+{})", unnamed.len() - SHOWN));
        }
        hints.push(match lang {
            Lang::Ja => format!(
                "姓と名の両方が必要です。入力に「姓」「名」の列(または空白で区切った「氏名」)を加えてください。姓か名がないアドレス: {list}"
            ),
            Lang::En => format!(
                "Both a first and a last name are needed: add “Last Name” and “First Name” columns (or a “Display Name” of two words) to the input. Missing a name: {list}"
            ),
        });
    }
    if hints.is_empty() {
        hints.push(match lang {
            Lang::Ja => "上の誤りを入力ファイルで直してから、もう一度実行してください。何も書き出していません。".to_owned(),
            Lang::En => "Fix the errors above in the input file and run again. Nothing was written.".to_owned(),
        });
    }
    hints.join(" ")
}
