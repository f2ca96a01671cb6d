"""The territory the Labo serves: the 13 départements of Occitanie, by INSEE code."""

from django.db import models


class Departement(models.TextChoices):
    ARIEGE = "09", "Ariège"
    AUDE = "11", "Aude"
    AVEYRON = "12", "Aveyron"
    GARD = "30", "Gard"
    HAUTE_GARONNE = "31", "Haute-Garonne"
    GERS = "32", "Gers"
    HERAULT = "34", "Hérault"
    LOT = "46", "Lot"
    LOZERE = "48", "Lozère"
    HAUTES_PYRENEES = "65", "Hautes-Pyrénées"
    PYRENEES_ORIENTALES = "66", "Pyrénées-Orientales"
    TARN = "81", "Tarn"
    TARN_ET_GARONNE = "82", "Tarn-et-Garonne"
