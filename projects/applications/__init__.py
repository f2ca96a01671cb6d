"""The applications to the programmes the Labo follows (the Région's VIURE call for projects,
its loan guarantee): programmes, sessions and stages as data, applications with their
timeline, documents, conversation, notes and assessments, boards, dashboard and exports.

A room of the projects app (DESIGN.md): its models keep the `projects` app label and tables,
and it reads the projects' models and permissions, never the other way round.
"""
