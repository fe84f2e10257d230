// Package tracing sends OpenTelemetry traces when the standard OTEL_* variables ask for it
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTLP over HTTP; the
// exporter reads the rest of OTEL_* itself): a span for each GraphQL operation (graph.Observe)
// and one for each SQL statement under it (Driver). Off by default; when off, the tracer is
// OpenTelemetry's no-op and the driver starts no span (it looks for a recording parent first).
package tracing

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
)

// Tracer is the product's tracer.
var Tracer = otel.Tracer("vinhdanh")

// Setup starts exporting traces when OTEL_* asks for it, and returns the function that flushes
// and stops the exporter (a no-op when tracing is off).
func Setup(ctx context.Context) (func(context.Context) error, error) {
	if os.Getenv("OTEL_SDK_DISABLED") == "true" ||
		(os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "") {
		return func(context.Context) error { return nil }, nil
	}
	exporter, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("OpenTelemetry exporter: %w", err)
	}
	name := os.Getenv("OTEL_SERVICE_NAME")
	if name == "" {
		name = "vinhdanh"
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(name)))
	if err != nil {
		return nil, fmt.Errorf("OpenTelemetry resource: %w", err)
	}
	provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	return provider.Shutdown, nil
}

// Driver wraps an ent driver so that each statement run under a recording span gets a span
// of its own, with the statement (never its arguments).
func Driver(d dialect.Driver) dialect.Driver { return driver{d} }

type driver struct{ dialect.Driver }

type tx struct{ dialect.Tx }

func statement(ctx context.Context, query string, run func(context.Context) error) error {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return run(ctx)
	}
	ctx, span := Tracer.Start(ctx, "sql", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("db.statement", query)))
	defer span.End()
	err := run(ctx)
	if err != nil {
		span.SetStatus(codes.Error, "statement failed")
	}
	return err
}

func (d driver) Exec(ctx context.Context, query string, args, v any) error {
	return statement(ctx, query, func(ctx context.Context) error { return d.Driver.Exec(ctx, query, args, v) })
}

func (d driver) Query(ctx context.Context, query string, args, v any) error {
	return statement(ctx, query, func(ctx context.Context) error { return d.Driver.Query(ctx, query, args, v) })
}

func (d driver) Tx(ctx context.Context) (dialect.Tx, error) {
	t, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return tx{t}, nil
}

func (t tx) Exec(ctx context.Context, query string, args, v any) error {
	return statement(ctx, query, func(ctx context.Context) error { return t.Tx.Exec(ctx, query, args, v) })
}

func (t tx) Query(ctx context.Context, query string, args, v any) error {
	return statement(ctx, query, func(ctx context.Context) error { return t.Tx.Query(ctx, query, args, v) })
}

// ExecContext runs a statement of the caller's own SQL (ent's Client.ExecContext: derived
// tables kept in SQL) through the traced Exec.
func (d driver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return execContext(ctx, d.Exec, query, args)
}

// ExecContext is the driver's, inside the transaction.
func (t tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return execContext(ctx, t.Exec, query, args)
}

func execContext(ctx context.Context, exec func(context.Context, string, any, any) error, query string, args []any) (sql.Result, error) {
	var res sql.Result
	err := exec(ctx, query, args, &res)
	return res, err
}

// BeginTx keeps the wrapped driver's transactions with options.
func (d driver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return d.Tx(ctx)
	}
	t, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return tx{t}, nil
}
