from django.shortcuts import render

FORUM_CATEGORIES_TO_COME = [
    "Montage juridique",
    "Financement et garanties",
    "Foncier",
    "Vie de groupe et gouvernance",
    "Architecture et écoconstruction",
    "Annonces",
    "Le Labo",
]


def forum_index(request):
    return render(request, "forum/forum_index.html", {"categories": FORUM_CATEGORIES_TO_COME})
