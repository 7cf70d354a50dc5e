# Run once by the postgres image when it initializes the database (sourced by docker-entrypoint.sh): creates
# the service's runtime role. It may only log in; the service's migrations grant it row access (README
# "Configuration").
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v role="$RUNTIME_USER" -v password="$RUNTIME_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
SQL
