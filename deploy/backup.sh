#!/bin/sh
# One backup of the platform: the PostgreSQL database (pg_dump, custom format) and the uploaded
# files (media, and the private files: application documents, PDF previews), in one dated
# folder with their checksums; the BACKUP_KEEP most recent folders are kept, older ones deleted.
# A folder appears only once complete: an interrupted backup leaves nothing that looks whole.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=… PRIVATE_MEDIA_ROOT=… sh deploy/backup.sh
#
# `make backup` runs it with the platform's settings; with Compose, `docker compose run --rm
# backup` (the postgres image's pg_dump, of the server's version). docs/operations.md.
set -eu

: "${DATABASE_URL:?DATABASE_URL doit désigner la base PostgreSQL à sauvegarder}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *)
    echo "La sauvegarde porte sur PostgreSQL (DATABASE_URL=postgres://…) ; avec la base" \
      "SQLite embarquée, copiez simplement le dossier var/." >&2
    exit 2
    ;;
esac
BACKUP_DIR=${BACKUP_DIR:-backups}
BACKUP_KEEP=${BACKUP_KEEP:-14}
MEDIA_ROOT=${MEDIA_ROOT:-var/media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-var/private}
case "$BACKUP_KEEP" in
  '' | *[!0-9]* | 0) echo "BACKUP_KEEP doit être un nombre de sauvegardes (1 ou plus)." >&2; exit 2 ;;
esac

mkdir -p "$BACKUP_DIR"
name="labo-$(date +%Y-%m-%dT%H%M%S)"
# Two backups within one second (a script, a test): the second gets a suffix, never the
# first one's folder.
suffix=1
while [ -e "$BACKUP_DIR/$name" ]; do
  suffix=$((suffix + 1))
  name="labo-$(date +%Y-%m-%dT%H%M%S)-$suffix"
done
work="$BACKUP_DIR/.$name.partielle"
rm -rf "$work"
mkdir "$work"
trap 'rm -rf "$work"' EXIT INT TERM

archive() { # folder, archive: the folder's contents, or an empty archive if it does not exist
  if [ -d "$1" ]; then
    tar -czf "$2" -C "$1" .
  else
    tar -czf "$2" -T /dev/null
  fi
}

echo "Sauvegarde $name"
echo "  base de données…"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
  --file="$work/database.dump"
echo "  fichiers (media)…"
archive "$MEDIA_ROOT" "$work/media.tar.gz"
echo "  fichiers privés…"
archive "$PRIVATE_MEDIA_ROOT" "$work/private.tar.gz"
(cd "$work" && sha256sum database.dump media.tar.gz private.tar.gz > SHA256SUMS)
mv "$work" "$BACKUP_DIR/$name"
trap - EXIT INT TERM

# Retention: the most recent first; everything after the BACKUP_KEEP-th goes.
removed=0
for old in $(ls -1d "$BACKUP_DIR"/labo-* 2>/dev/null | sort -r | tail -n +"$((BACKUP_KEEP + 1))"); do
  rm -rf "$old"
  removed=$((removed + 1))
done
size=$(du -sh "$BACKUP_DIR/$name" | cut -f1)
echo "Sauvegarde terminée : $BACKUP_DIR/$name ($size) ; $removed ancienne(s) supprimée(s)," \
  "$BACKUP_KEEP gardée(s) au plus."
