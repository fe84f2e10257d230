package main

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go run -mod=mod ./internal/tools/gqlgen
