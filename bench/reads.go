package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/ent/user"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/rule"
)

// A read is one request the load driver measures: the product's GraphQL request and the
// raw baseline's request for the same answer.
type read struct {
	name string
	// product builds the GraphQL request; a body is read once, so it is built per request.
	product func(base string) *http.Request
	raw     string // path and query on the raw server
	// rawStatements is how many statements the raw handler runs per request.
	rawStatements int
	// slow reads (a count over the whole country) are measured on fewer requests.
	slow bool
}

// Queries of the reads other than the widget's roll, as frontends send them.
const (
	historyQuery = `query History($id: ID!) {
  node(id: $id) { ... on Individual { fullName
    awards(first: 20) { edges { node { id period level { name rank } decision { number signedOn issuer { name } } } } } } }
}`
	nestedQuery = `query People {
  individuals(first: 20) { edges { node { id fullName
    awards(first: 5) { edges { node { id level { name } decision { number } } } } } } }
}`
	queueQuery = `query Queue {
  nominations(first: 20, where: {reviewQueue: true}) { pageInfo { hasNextPage endCursor }
    edges { node { id status achievements individual { fullName } level { name }
      events { action toStatus createTime } } } }
}`
	statsQuery  = `query Stats($c: ID) { awardStats(collectiveID: $c) { level { name } recipientKind count } }`
	tallyQuery  = `query Tally($where: AwardWhereInput) { awardStats(where: $where) { level { name } recipientKind count } }`
	searchQuery = `query Search($text: String!) {
  search(text: $text, first: 20) { __typename ... on Individual { id fullName } ... on Collective { id name } }
}`
	// SearchText is two words shared by many of the 200,000 people: the costliest kind of
	// search there is.
	SearchText = "nguyen thi"
)

// post builds a GraphQL POST, signed in when token is set.
func post(base, query string, vars any, token string) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/query", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func getReq(url string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	return req
}

// pickReads chooses what the other reads ask about: a person with awards, a ceremony's tally,
// the busiest review queue (read by a staff account created for the run), a district and the
// country.
func pickReads(ctx context.Context, s *servers, rolls []roll) ([]read, error) {
	var person, ceremony, reviewer int
	for _, q := range []struct {
		into *int
		sql  string
	}{
		{&person, `SELECT individual_id FROM awards WHERE individual_id IS NOT NULL ORDER BY id LIMIT 1`},
		{&ceremony, `SELECT ceremony_id FROM awards WHERE ceremony_id IS NOT NULL ORDER BY id LIMIT 1`},
		{&reviewer, `SELECT reviewer_id FROM nominations WHERE status = 'SUBMITTED' AND reviewer_id IS NOT NULL ORDER BY id LIMIT 1`},
	} {
		if err := s.db.SQL.QueryRowContext(ctx, q.sql).Scan(q.into); err != nil {
			return nil, fmt.Errorf("pick the reads (%s): %w", q.sql, err)
		}
	}
	token, err := staffToken(ctx, s, reviewer)
	if err != nil {
		return nil, err
	}
	district, national := rolls[1], rolls[3]
	return []read{
		{name: "a person's award history (20)", rawStatements: 1,
			product: func(b string) *http.Request {
				return post(b, historyQuery, map[string]any{"id": fmt.Sprint(person)}, "")
			},
			raw: fmt.Sprintf("/history?id=%d", person)},
		{name: "20 people × first 5 awards", rawStatements: 1,
			product: func(b string) *http.Request { return post(b, nestedQuery, nil, "") },
			raw:     "/people"},
		{name: "review queue, first 20 (signed in)", rawStatements: 2,
			product: func(b string) *http.Request { return post(b, queueQuery, nil, token) },
			raw:     fmt.Sprintf("/queue?reviewer=%d", reviewer)},
		{name: "ceremony tally", rawStatements: 1,
			product: func(b string) *http.Request {
				return post(b, tallyQuery, map[string]any{"where": map[string]any{"ceremonyID": fmt.Sprint(ceremony)}}, "")
			},
			raw: fmt.Sprintf("/tally?ceremony=%d", ceremony)},
		{name: "awardStats, a district", rawStatements: 1,
			product: func(b string) *http.Request {
				return post(b, statsQuery, map[string]any{"c": fmt.Sprint(district.unit)}, "")
			},
			raw: fmt.Sprintf("/stats?c=%d&units=%d", district.unit, district.units)},
		{name: "awardStats, the country", rawStatements: 1, slow: true,
			product: func(b string) *http.Request {
				return post(b, statsQuery, map[string]any{"c": fmt.Sprint(national.unit)}, "")
			},
			raw: fmt.Sprintf("/stats?c=%d&units=%d", national.unit, national.units)},
		{name: `search "` + SearchText + `"`, rawStatements: 1,
			product: func(b string) *http.Request {
				return post(b, searchQuery, map[string]any{"text": SearchText}, "")
			},
			raw: "/search?text=" + queryEscape(SearchText)},
	}, nil
}

// staffToken signs in a staff account of the reviewing federation, created for the run.
func staffToken(ctx context.Context, s *servers, reviewer int) (string, error) {
	sys := rule.SystemContext(ctx)
	email := fmt.Sprintf("bench.%d@bench.vinhdanh.vn", reviewer)
	const password = "bench-password-not-secret"
	exists, err := s.db.Client.User.Query().Where(user.Email(email)).Exist(sys)
	if err != nil {
		return "", err
	}
	if !exists {
		if _, err := auth.CreateUser(sys, s.db.Client, ent.CreateUserInput{Email: email, DisplayName: "Bench",
			Role: user.RoleSTAFF, ScopeID: &reviewer}, password); err != nil {
			return "", err
		}
	}
	res, err := http.DefaultClient.Do(post(s.product.URL,
		`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
		map[string]any{"e": email, "p": password}, ""))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var out struct {
		Data struct {
			Login struct{ AccessToken string } `json:"login"`
		} `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Data.Login.AccessToken == "" {
		return "", fmt.Errorf("sign in the bench account: %v", err)
	}
	return out.Data.Login.AccessToken, nil
}
