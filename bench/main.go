// Command bench builds and measures Vinh Danh at national scale.
//
//	go run ./bench gen --awards 1000000 --database URL [--seed N]
//	go run ./bench load --database URL [--requests 500] [--concurrency 4] [--rounds 3] [--only NAME] [--public-cache] [--explain] [--cpuprofile FILE]
//
// gen fills an empty database with a deterministic national dataset: units in four tiers
// (about one per 200 awards), people (one per 5 awards) with Vietnamese names drawn with
// real family-name frequencies, their posts, decisions, ceremonies, nominations in every
// state, and the awards (70 % to individuals, 92 % public, seven school years, every level of
// the catalogue). Derived columns (sort and roll keys, award keys, period days, search terms,
// tree paths) are computed by the product's own code.
//
// load measures the product against a raw handler (raw.go, rawreads.go) on the reads people
// do most (the widget's honor-roll page and those in reads.go), in alternating rounds, and
// prints a Markdown table.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"time"

	"vinhdanh/internal/honorroll"
)

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "load" {
		fs := flag.NewFlagSet("load", flag.ExitOnError)
		database := fs.String("database", "sqlite:bench.db", "DATABASE_URL of a generated database")
		requests := fs.Int("requests", 500, "requests per handler, roll and round")
		concurrency := fs.Int("concurrency", 4, "requests in flight")
		rounds := fs.Int("rounds", 3, "alternating rounds of product and raw")
		only := fs.String("only", "", "measure only the reads whose name contains this")
		cached := fs.Bool("public-cache", false, "serve the product with its public cache (anonymous answers kept per generation of the record)")
		explain := fs.Bool("explain", false, "print the plan of every statement of each read instead of measuring")
		manyUnits := fs.Int("many-units", honorroll.ManyUnits, "subtree size from which rolls are read in roll_key order (honorroll.ManyUnits)")
		cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
		_ = fs.Parse(os.Args[2:])
		honorroll.ManyUnits = *manyUnits
		if *cpuProfile != "" {
			f, err := os.Create(*cpuProfile)
			if err != nil {
				log.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				log.Fatal(err)
			}
			defer pprof.StopCPUProfile()
		}
		if err := Load(context.Background(), *database, *requests, *concurrency, *rounds, *only, *explain, *cached, os.Stdout); err != nil {
			log.Print(err)
		}
		return
	}
	if len(os.Args) < 2 || os.Args[1] != "gen" {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench gen --awards 1000000 --database URL [--seed N]\n"+
			"       go run ./bench load --database URL [--requests 500] [--concurrency 4] [--rounds 3] [--only NAME] [--public-cache] [--explain] [--cpuprofile FILE]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	awards := fs.Int("awards", 1_000_000, "how many awards to generate")
	database := fs.String("database", "sqlite:bench.db", "DATABASE_URL of an empty database")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same dataset")
	_ = fs.Parse(os.Args[2:])
	start := time.Now()
	n, err := Generate(context.Background(), *database, *awards, *seed, func(format string, args ...any) {
		log.Printf(format, args...)
	})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("generated %d awards in %s", n, time.Since(start).Round(time.Second))
}
