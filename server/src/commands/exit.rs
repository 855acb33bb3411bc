//! How a command ends: one error type, mapped to the process's exit code in one place.
//!
//! Exit codes: 0 done; 1 the command ran and refused (nothing written), or failed
//! (I/O, the server); 2 bad input (usage), as clap's own usage errors.

use std::process::ExitCode;

/// Why a command stopped.
#[derive(Debug)]
pub enum CommandError {
    /// Bad input: what to fix. Printed as `mailmove COMMAND: message`, exit 2.
    Usage {
        /// The command's name (`check`, `plan` …).
        command: &'static str,
        /// What to fix, in the user's language.
        message: String,
    },
    /// The input was read but the command will not go on (nothing was written):
    /// printed as `mailmove COMMAND: message`, exit 1.
    Refused {
        /// The command's name.
        command: &'static str,
        /// Why, and what to do.
        message: String,
    },
    /// Something failed (a file, the network): printed as `Error: …` with its causes,
    /// exit 1.
    Failed(anyhow::Error),
    /// The command printed its report and its exit code is its verdict (`probe`: 1
    /// an address refused, 2 could not tell).
    Verdict(u8),
}

impl CommandError {
    /// Bad input to `command`.
    pub fn usage(command: &'static str, message: impl Into<String>) -> CommandError {
        CommandError::Usage {
            command,
            message: message.into(),
        }
    }

    /// `command` will not go on.
    pub fn refused(command: &'static str, message: impl Into<String>) -> CommandError {
        CommandError::Refused {
            command,
            message: message.into(),
        }
    }
}

impl From<anyhow::Error> for CommandError {
    fn from(error: anyhow::Error) -> CommandError {
        CommandError::Failed(error)
    }
}

impl From<std::io::Error> for CommandError {
    fn from(error: std::io::Error) -> CommandError {
        CommandError::Failed(error.into())
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(error: serde_json::Error) -> CommandError {
        CommandError::Failed(error.into())
    }
}

/// What a command returns.
pub type CommandResult = Result<(), CommandError>;

/// Says why a command stopped, and the exit code for it.
pub fn exit_code(result: CommandResult) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CommandError::Usage { command, message }) => {
            crate::say!("mailmove {command}: {message}");
            ExitCode::from(2)
        }
        Err(CommandError::Verdict(code)) => ExitCode::from(code),
        Err(CommandError::Refused { command, message }) => {
            crate::say!("mailmove {command}: {message}");
            ExitCode::from(1)
        }
        // `mailmove plan | head`: the reader left; that is not an error.
        Err(CommandError::Failed(error))
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(CommandError::Failed(error)) => {
            // As `main` returning `Err` printed it before.
            eprintln!("Error: {error:?}");
            ExitCode::from(1)
        }
    }
}
