package migrate

import "embed"

// Migrations are the versioned schema migrations, one directory per dialect (sqlite, mysql),
// generated from the schema by internal/tools/migrategen and applied by internal/migration.
//
//go:embed migrations
var Migrations embed.FS
