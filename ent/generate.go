// Package ent holds the ent schema (schema/) and the generated client. Generation runs from
// the module root: see generate.go there.
package ent
