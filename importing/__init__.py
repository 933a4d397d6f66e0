"""Bulk import and export of the catalog workbook (事项, 材料, 环节 … sheets).

Departments keep their catalog in spreadsheets; this app reads such a workbook as one unit
(dry run first, nothing half-written), saves each changed guide as a new revision, and writes
the same workbook back, which is also the public open-data download of the live catalog.
"""
