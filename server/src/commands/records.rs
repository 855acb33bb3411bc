//! `mailmove records`: the target's records by step, merged SPF, the difference from
//! today's DNS (with `--from-survey`), as a table, a BIND zone fragment or JSON.

use std::io::Write;

use mailmove_core::records::{
    Action, CUSTOM_TARGET, CustomTarget, DkimInput, Generated, RecordRequest, Step,
    VerificationChoice,
};
use mailmove_core::{Lang, NamePolicy, Text};

use super::exit::{CommandError, CommandResult};
use super::options::{CustomTargetArgs, LangOption, ResolverArgs};
use crate::mta_sts_fetch::PolicyFetcher;
use crate::terminal::Escaping;

/// `mailmove records`.
#[derive(Debug, clap::Args)]
pub struct RecordsArgs {
    /// The domain.
    #[arg(long)]
    pub domain: String,
    /// The target's catalog id: google-workspace, microsoft-365, zoho-mail, zoho-mail-jp …,
    /// or `custom` for a service outside the catalog (with --mx).
    #[arg(long)]
    pub target: String,
    /// A custom target's service.
    #[command(flatten)]
    pub custom: CustomTargetArgs,
    /// The verification value the target's console issued (the whole TXT value or the token).
    #[arg(long, value_name = "T")]
    pub verification_token: Option<String>,
    /// How to verify ownership: txt (default), cname (Google Workspace, Zoho: the
    /// token is "HOST VALUE" as the console shows it) or mx (Microsoft 365: `ms…`).
    #[arg(long, value_name = "METHOD", value_enum)]
    pub verification_method: Option<VerificationMethod>,
    /// An SPF term to keep (`include:` domain or whole term; repeatable). Default: every
    /// term of today's record except the old provider's.
    #[arg(long = "keep-include", value_name = "X")]
    pub keep_include: Vec<String>,
    /// Read today's DNS first (survey), for the difference and the SPF merge. Without
    /// it today's records are unknown: the SPF, DMARC and MX lines are "set" (change the
    /// existing record, or add it if there is none), never a second record.
    #[arg(long)]
    pub from_survey: bool,
    /// The service mail moves away from (catalog id: lolipop, xserver, sakura …), for
    /// the old MX to delete and the SPF entry to keep when today's DNS is not read.
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
    /// The DKIM selector of a TXT key (with --dkim-key; Google's default is `google`).
    #[arg(long, value_name = "S", requires = "dkim_key")]
    pub dkim_selector: Option<String>,
    /// The DKIM TXT value the console shows (`v=DKIM1; k=rsa; p=…`).
    #[arg(long, value_name = "VALUE")]
    pub dkim_key: Option<String>,
    /// Microsoft 365: the tenant (`contoso.onmicrosoft.com`) for the DKIM CNAMEs.
    #[arg(long, value_name = "TENANT", conflicts_with = "dkim_key")]
    pub m365_tenant: Option<String>,
    /// Microsoft 365: the partition character of the new DKIM CNAME format.
    #[arg(long, value_name = "P", requires = "m365_tenant")]
    pub dkim_partition: Option<String>,
    /// Where DMARC reports go, for a new DMARC record.
    #[arg(long, value_name = "ADDRESS")]
    pub dmarc_rua: Option<String>,
    /// Where TLS reports go (adds a TLS-RPT record).
    #[arg(long, value_name = "ADDRESS")]
    pub tls_rpt_rua: Option<String>,
    /// Also the target's optional records.
    #[arg(long)]
    pub include_optional: bool,
    /// The region, for targets whose hosts name one.
    #[arg(long)]
    pub region: Option<String>,
    /// TTL for every record (default: the target's recommendation, else 3600).
    #[arg(long)]
    pub ttl: Option<u32>,
    /// Output: table (default), zone, json, or steps (what to type at the DNS host).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// The DNS host's catalog id for `--format steps` (onamae-dns, muumuu-dns, xserver,
    /// sakura, cloudflare, route-53 …). Default: the one the survey detected, else generic.
    #[arg(long, value_name = "ID")]
    pub dns_host: Option<String>,
    /// The language of the table.
    #[command(flatten)]
    pub lang: LangOption,
    /// Where DNS questions go (with --from-survey).
    #[command(flatten)]
    pub resolver: ResolverArgs,
}

/// `--verification-method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VerificationMethod {
    // A TXT record.
    Txt,
    // A CNAME record.
    Cname,
    // An MX record (Microsoft 365).
    Mx,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    // A table for people.
    Table,
    // A BIND zone fragment.
    Zone,
    // JSON.
    Json,
    // What to type at the DNS host.
    Steps,
}

impl RecordsArgs {
    /// The generator's request.
    pub fn request(&self) -> RecordRequest {
        let dkim = match (&self.dkim_key, &self.m365_tenant) {
            (Some(key), _) => Some(DkimInput::TxtKey {
                selector: self
                    .dkim_selector
                    .clone()
                    .unwrap_or_else(|| "google".into()),
                key: key.clone(),
            }),
            (None, Some(tenant)) => Some(DkimInput::Microsoft {
                tenant: tenant.clone(),
                partition: self.dkim_partition.clone(),
            }),
            (None, None) => None,
        };
        let custom = (self.target == CUSTOM_TARGET).then(|| CustomTarget {
            name: self.custom.target_name.clone().unwrap_or_default(),
            mx: self.custom.mx.clone(),
            spf_include: self.custom.spf_include.clone(),
        });
        RecordRequest {
            target: self.target.clone(),
            custom,
            region: self.region.clone(),
            verification_token: self.verification_token.clone(),
            verification_method: self.verification_method.map(|method| match method {
                VerificationMethod::Txt => VerificationChoice::Txt,
                VerificationMethod::Cname => VerificationChoice::Cname,
                VerificationMethod::Mx => VerificationChoice::Mx,
            }),
            keep_spf: (!self.keep_include.is_empty()).then(|| self.keep_include.clone()),
            dkim,
            dmarc_rua: self.dmarc_rua.clone(),
            tls_rpt_rua: self.tls_rpt_rua.clone(),
            include_optional: self.include_optional,
            ttl: self.ttl,
            // The TTL lowering and restoring are the planner's (`mailmove plan`), which
            // knows today's TTL and the moments; the record list alone has no schedule.
            lowered_mx_ttl: None,
            restored_mx_ttl: None,
            source: self.source.clone(),
        }
    }
}

/// Generates the records (after a survey with `--from-survey`) and prints them.
pub async fn run(args: RecordsArgs, names: &NamePolicy) -> CommandResult {
    let lang = args.lang.choose();
    let usage = |message: String| CommandError::usage("records", message);
    let domain = mailmove_core::DomainName::parse_with(&args.domain, names)
        .map_err(|error| usage(error.message(lang)))?;
    if !mailmove_core::records::is_target_id(&args.target) {
        return Err(usage(format!(
            "unknown --target {}; one of: {}",
            args.target,
            mailmove_core::records::target_ids().join(", ")
        )));
    }
    if args.target == CUSTOM_TARGET && args.custom.mx.is_empty() {
        return Err(usage(
            "--target custom needs at least one --mx \"PREFERENCE HOST\"".into(),
        ));
    }
    let request = args.request();
    let survey = if args.from_survey {
        let dns = args
            .resolver
            .dns()
            .await
            .map_err(|error| usage(format!("{error:#}")))?;
        let options = mailmove_core::survey::SurveyOptions {
            selectors: Vec::new(),
            target: Some(args.target.clone()),
            typed: None,
        };
        let policy = PolicyFetcher::default();
        let report = crate::survey::run(&dns, &policy, domain.clone(), options).await;
        Some(mailmove_core::api::survey_json(&report))
    } else {
        None
    };
    let current = survey
        .as_ref()
        .map(mailmove_core::records::Current::from_survey)
        .unwrap_or_else(mailmove_core::records::Current::unknown);
    let generated = mailmove_core::records::generate(&domain, &request, current);
    // A custom target whose MX lines are all invalid has no MX set to plan.
    if generated
        .warnings
        .iter()
        .any(|warning| warning.code == "custom-mx-missing")
    {
        let mut lines = generated
            .warnings
            .iter()
            .filter(|warning| warning.code.starts_with("custom-mx"))
            .map(|warning| warning.message.get(lang));
        let last = lines.next_back().unwrap_or_default();
        for line in lines {
            crate::say!("mailmove records: {line}");
        }
        return Err(usage(last.to_owned()));
    }
    let mut stdout = Escaping::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut stdout, &generated)?;
            writeln!(stdout)?;
        }
        Format::Zone => write!(
            stdout,
            "{}",
            mailmove_core::records::zone_fragment(&generated)
        )?,
        Format::Steps => {
            let detected = survey
                .as_ref()
                .and_then(|survey| survey.providers.dns_hosts.first())
                .map(|host| host.id.as_str());
            let guide = mailmove_core::records::host_guide(
                &generated,
                args.dns_host.as_deref().or(detected),
            );
            write_steps(&mut stdout, &guide, lang)?;
        }
        Format::Table => write_table(&mut stdout, &generated, lang)?,
    }
    Ok(())
}

/// Writes the changes as a table in `lang`.
pub fn write_table(out: &mut impl Write, generated: &Generated, lang: Lang) -> std::io::Result<()> {
    let t = |text: Text| text.get(lang);
    writeln!(
        out,
        "{} {} → {}",
        t(Text {
            ja: "DNS レコード:",
            en: "DNS records:"
        }),
        generated.domain,
        generated.target
    )?;
    for step in Step::ALL {
        let changes: Vec<_> = generated
            .changes
            .iter()
            .filter(|change| change.record.step == step)
            .collect();
        if changes.is_empty() {
            continue;
        }
        writeln!(out, "\n{}", t(step.label()))?;
        for change in changes {
            let action = match change.action {
                Action::Add => t(Text {
                    ja: "追加",
                    en: "add",
                }),
                Action::Change => t(Text {
                    ja: "変更",
                    en: "change",
                }),
                Action::Delete => t(Text {
                    ja: "削除",
                    en: "delete",
                }),
                Action::Keep => t(Text {
                    ja: "そのまま",
                    en: "keep",
                }),
                Action::Set => t(Text {
                    ja: "変更(なければ追加)",
                    en: "set",
                }),
            };
            let record = &change.record;
            writeln!(
                out,
                "  {action:<8} {:<32} {:<5} {:>6}  {}",
                record.name,
                record.rtype.as_str(),
                record.ttl,
                record.data
            )?;
            if let (Action::Change, Some(old)) = (change.action, &change.old) {
                writeln!(
                    out,
                    "  {:<8} {:<32} {:<5} {:>6}  {old}",
                    "",
                    t(Text {
                        ja: "(現在)",
                        en: "(now)"
                    }),
                    "",
                    ""
                )?;
            }
            if let Some(note) = &change.note {
                writeln!(out, "  {:<8} {}", "", note.get(lang))?;
            }
            writeln!(out, "  {:<8} {}", "", record.purpose.get(lang))?;
        }
    }
    for spf in &generated.spf {
        writeln!(
            out,
            "\nSPF ({}): {} {}{} / 10",
            t(spf.step.label()),
            t(Text {
                ja: "DNS 参照",
                en: "DNS lookups"
            }),
            if spf.lookups_is_minimum { "≥" } else { "" },
            spf.lookups
        )?;
        for choice in &spf.flatten {
            writeln!(out, "  - {}", choice.message.get(lang))?;
        }
    }
    if !generated.warnings.is_empty() {
        writeln!(out)?;
        for warning in &generated.warnings {
            writeln!(out, "! [{}] {}", warning.code, warning.message.get(lang))?;
        }
    }
    Ok(())
}

/// Writes the host guide in `lang`.
pub fn write_steps(
    out: &mut impl Write,
    guide: &mailmove_core::records::HostGuide,
    lang: Lang,
) -> std::io::Result<()> {
    let t = |text: Text| text.get(lang);
    writeln!(out, "{}", guide.name.get(lang))?;
    for note in &guide.notes {
        writeln!(out, "- {}", note.get(lang))?;
    }
    let mut step = None;
    for entry in &guide.entries {
        if step != Some(entry.step) {
            step = Some(entry.step);
            writeln!(out, "\n{}", t(entry.step.label()))?;
        }
        let action = match entry.action {
            Action::Add => t(Text {
                ja: "追加",
                en: "Add",
            }),
            Action::Change => t(Text {
                ja: "変更",
                en: "Change",
            }),
            Action::Delete => t(Text {
                ja: "削除",
                en: "Delete",
            }),
            Action::Keep => t(Text {
                ja: "設定済み(操作不要)",
                en: "Already there (nothing to do)",
            }),
            Action::Set => t(Text {
                ja: "変更(なければ追加)",
                en: "Change (add if none)",
            }),
        };
        let host = if entry.host_field.is_empty() {
            t(Text {
                ja: "(空欄)",
                en: "(blank)",
            })
            .to_owned()
        } else {
            entry.host_field.clone()
        };
        writeln!(
            out,
            "  [{action}] {}: {host}  {}: {}  TTL: {}",
            t(Text {
                ja: "ホスト名",
                en: "Host"
            }),
            t(Text {
                ja: "種別",
                en: "Type"
            }),
            entry.rtype.as_str(),
            entry.ttl
        )?;
        if let Some(note) = &entry.note {
            writeln!(out, "      {}", note.get(lang))?;
        }
        if let Some(priority) = entry.priority {
            writeln!(
                out,
                "      {}: {priority}",
                t(Text {
                    ja: "優先度",
                    en: "Priority"
                })
            )?;
        }
        writeln!(
            out,
            "      {}: {}",
            t(Text {
                ja: "値",
                en: "Value"
            }),
            entry.value
        )?;
        if let Some(old) = &entry.old {
            writeln!(
                out,
                "      {}: {old}",
                t(Text {
                    ja: "現在の値",
                    en: "Now"
                })
            )?;
        }
    }
    Ok(())
}
