"""The Labo's activity report (/rapport/<année>/): each app registers the section it knows
(labo.reports.sections); the base computes them for a period and the one before, draws their
charts, keeps the team's narratives and writes the PDF, DOCX, ODT and CSV exports in a
background task. Counts only: no person is named in a report."""
