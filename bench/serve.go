package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strings"

	"vinhdanh/internal/app"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/store"
)

// WidgetQuery is the honor-roll widget's query (web/honor-roll.js).
const WidgetQuery = `query HonorRoll($c: ID!, $d: Boolean, $p: String, $l: [String!], $first: Int, $after: Cursor) {
  honorRoll(collectiveID: $c, includeDescendants: $d, period: $p, levels: $l, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id recipientName recipientUnit period
      level { id name rank }
      decision { number signedOn issuer { name } }
      ceremony { name heldOn } } }
  }
}`

// servers are the product and the raw baseline over one database, on loopback.
type servers struct {
	product, raw *httptest.Server
	counter      *dbtest.Counter
	db           *store.DB
}

func start(ctx context.Context, url string) (*servers, error) {
	target, err := store.Parse(url)
	if err != nil {
		return nil, err
	}
	db, err := app.Prepare(ctx, target)
	if err != nil {
		return nil, err
	}
	client, counter := dbtest.CountingClient(db)
	signer, err := auth.NewSigner(auth.RandomSecret(), 0)
	if err != nil {
		return nil, err
	}
	h := httpserver.New(httpserver.Options{Client: client, Auth: auth.NewService(signer), Ping: db.Ping,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), AnonRate: 1e9, AnonBurst: 1e9, AnonCostRate: 1e12, AnonCostBurst: 1e12})
	r, err := newRaw(ctx, db.SQL)
	if err != nil {
		return nil, err
	}
	return &servers{product: httptest.NewServer(h), raw: httptest.NewServer(r), counter: counter, db: db}, nil
}

func (s *servers) Close() {
	s.product.Close()
	s.raw.Close()
	s.db.Close()
}

// roll is one honor-roll request: the unit, its subtree's size, a school year or none.
type roll struct {
	name  string
	unit  int
	units int
	year  int
}

func (r roll) productURL(base string, first int) string {
	vars := fmt.Sprintf(`{"c":"%d","first":%d`, r.unit, first)
	if r.year != 0 {
		vars += fmt.Sprintf(`,"p":"%d-%d"`, r.year, r.year+1)
	}
	return base + "/query?query=" + queryEscape(WidgetQuery) + "&variables=" + queryEscape(vars+"}")
}

func (r roll) rawURL(base string, first int) string {
	return fmt.Sprintf("%s/roll?c=%d&first=%d&year=%d&units=%d", base, r.unit, first, r.year, r.units)
}

func get(c *http.Client, url string) (string, error) {
	res, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %d %s", url, res.StatusCode, b)
	}
	return strings.TrimSpace(string(b)), err
}

func queryEscape(s string) string { return neturl.QueryEscape(s) }
