"""CSV exports, the data dictionary and the bulk download: one set of column definitions for all three."""

from .columns import EXPORTS, MATRIX, Column, Export, all_kinds, csv_blocks, export_blocks, export_url

__all__ = ["EXPORTS", "MATRIX", "Column", "Export", "all_kinds", "csv_blocks", "export_blocks", "export_url"]
