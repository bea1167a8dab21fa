//! The `demarche` command line: ingest, extract, eval, brief, query, export, kb.

mod args;
mod commands;
mod desk;
mod export;
mod load;
mod process;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    let code = match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("demarche: {e:#}");
            1
        }
    };
    std::process::exit(code);
}
