//! A file that leaves the platform (an export), written on a blocking thread while the
//! database is read batch by batch on the runtime: neither a province-wide list nor the
//! XLSX writer holds up other requests. The file is unlinked once opened for sending.

use std::path::PathBuf;

use rand::RngCore;
use uplift_sheets::{Cell, Format, SheetLayout, SheetWriter, TextEncoding};

use crate::{App, AppResult, Error};

enum Message {
    Rows(Vec<Vec<Cell>>),
    /// A sheet of notes after the table (XLSX only; a CSV is the table alone).
    Notes(String, Vec<Vec<String>>),
}

pub(crate) struct Spool {
    path: PathBuf,
    send: tokio::sync::mpsc::Sender<Message>,
    writer: tokio::task::JoinHandle<Result<(), String>>,
}

impl Spool {
    /// Start a file in the data directory's `exports` with a table named `sheet` and its
    /// header row.
    pub(crate) async fn create(
        app: &App,
        format: Format,
        sheet: &str,
        header: Vec<String>,
    ) -> AppResult<Spool> {
        let dir = app.settings().data_dir.join("exports");
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(Error::internal)?;
        let mut rnd = [0u8; 8];
        rand::rng().fill_bytes(&mut rnd);
        let path = dir.join(format!("export-{}.{}", hex::encode(rnd), extension(format)));
        let (send, mut receive) = tokio::sync::mpsc::channel::<Message>(2);
        let writer_path = path.clone();
        let sheet = sheet.to_string();
        let writer = tokio::task::spawn_blocking(move || -> Result<(), String> {
            let mut w = SheetWriter::create(&writer_path, format, TextEncoding::Utf8, Some(&sheet))
                .map_err(|e| e.to_string())?;
            w.write_row(&header).map_err(|e| e.to_string())?;
            while let Some(message) = receive.blocking_recv() {
                match message {
                    Message::Rows(rows) => {
                        for r in rows {
                            w.write_cells(&r).map_err(|e| e.to_string())?;
                        }
                    }
                    Message::Notes(name, rows) => {
                        w.add_sheet(&name, SheetLayout::Notes)
                            .map_err(|e| e.to_string())?;
                        for r in rows {
                            w.write_row(&r).map_err(|e| e.to_string())?;
                        }
                    }
                }
            }
            w.finish().map_err(|e| e.to_string())
        });
        Ok(Spool { path, send, writer })
    }

    /// Hand rows to the writer; `false` when it has stopped (its error comes at `finish`).
    pub(crate) async fn rows(&self, rows: Vec<Vec<Cell>>) -> bool {
        self.send.send(Message::Rows(rows)).await.is_ok()
    }

    /// A sheet of notes after the table.
    pub(crate) async fn notes(&self, name: &str, rows: Vec<Vec<String>>) -> bool {
        self.send
            .send(Message::Notes(name.to_string(), rows))
            .await
            .is_ok()
    }

    /// Finish the file and open it for sending (already unlinked).
    pub(crate) async fn finish(self) -> AppResult<tokio::fs::File> {
        drop(self.send);
        let written = self.writer.await.map_err(Error::internal)?;
        if let Err(e) = written {
            remove(&self.path).await;
            return Err(Error::internal(format!("export writer: {e}")));
        }
        let file = tokio::fs::File::open(&self.path)
            .await
            .map_err(Error::internal)?;
        remove(&self.path).await;
        Ok(file)
    }

    /// Give up (the database failed): no file is left behind.
    pub(crate) async fn abandon(self) {
        drop(self.send);
        let _ = self.writer.await;
        remove(&self.path).await;
    }
}

pub(crate) fn extension(format: Format) -> &'static str {
    match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    }
}

async fn remove(path: &PathBuf) {
    if let Err(e) = tokio::fs::remove_file(path).await
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!("could not remove an export file: {e}");
    }
}
