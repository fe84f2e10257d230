// Package web holds the embeddable honor-roll widget: a dependency-free custom element
// (honor-roll.js) and the page that shows it inside an iframe where sites allow no scripts.
// The binary serves both from these embedded files.
package web

import "embed"

// Files are the widget's static files.
//
//go:embed honor-roll.js embed.html
var Files embed.FS
