"""The one spreadsheet reader lives in servicekit (servicekit.spreadsheets), shared with
certificate's blanko import; the names assessment's adapters use, kept here."""

from servicekit.spreadsheets import MAX_XLSX_UNPACKED, Rows, Sheet, read_sheet

__all__ = ["MAX_XLSX_UNPACKED", "Rows", "Sheet", "read_sheet"]
