#!/bin/sh
# Restores a backup made by deploy/backup.sh: checks its checksums, loads the database into
# DATABASE_URL (an empty database, unless RESTORE_OVER_EXISTING=oui) and puts the files back
# in MEDIA_ROOT and PRIVATE_MEDIA_ROOT, replacing what they hold. Stop the web, worker and
# scheduler first; run `manage.py migrate` and `update_index` after (`make restore` does).
#
#   DATABASE_URL=postgres://… sh deploy/restore.sh backups/labo-2026-12-07T040000
set -eu

source_dir=${1:?"usage : restore.sh <dossier de sauvegarde> (par exemple backups/labo-2026-12-07T040000)"}
: "${DATABASE_URL:?DATABASE_URL doit désigner la base PostgreSQL où restaurer}"
MEDIA_ROOT=${MEDIA_ROOT:-var/media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-var/private}

if [ ! -f "$source_dir/SHA256SUMS" ]; then
  echo "$source_dir n'est pas une sauvegarde complète (SHA256SUMS manque)." >&2
  exit 2
fi
echo "Vérification de $source_dir…"
(cd "$source_dir" && sha256sum --quiet -c SHA256SUMS)

tables=$(psql "$DATABASE_URL" -tAc \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ] && [ "${RESTORE_OVER_EXISTING:-non}" != "oui" ]; then
  echo "La base de destination n'est pas vide ($tables tables). Restaurez dans une base neuve" \
    "(dropdb puis createdb), ou écrasez-la avec RESTORE_OVER_EXISTING=oui." >&2
  exit 2
fi

echo "  base de données…"
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --single-transaction --dbname="$DATABASE_URL" "$source_dir/database.dump"

put_back() { # archive, folder: the folder's contents replaced by the archive's
  mkdir -p "$2"
  find "$2" -mindepth 1 -delete
  tar -xzf "$1" -C "$2"
}
echo "  fichiers (media)…"
put_back "$source_dir/media.tar.gz" "$MEDIA_ROOT"
echo "  fichiers privés…"
put_back "$source_dir/private.tar.gz" "$PRIVATE_MEDIA_ROOT"
echo "Restauration terminée depuis $source_dir."
