package migrate

import (
	"embed"

	"entgo.io/ent/dialect/sql/schema"
)

// Migrations are the versioned schema migrations, one directory per dialect (sqlite, mysql),
// generated from the schema by internal/tools/migrategen and applied by internal/migration.
//
//go:embed migrations
var Migrations embed.FS

// ent gives an edge's join table its primary key and nothing else, and the primary key of
// collective_successors leads with collective_id: finding a unit's predecessors (what a staff
// account's scope reads at sign-in and on every request of a merged unit's staff) read the
// whole table on SQLite. MySQL indexes every foreign key by itself, under the constraint's
// name; the index is declared under that same name, so both dialects have it.
func init() {
	CollectiveSuccessorsTable.Indexes = append(CollectiveSuccessorsTable.Indexes, &schema.Index{
		Name: "collective_successors_predecessor_id", Columns: []*schema.Column{CollectiveSuccessorsColumns[1]},
	})
}
