// Command icp derives an Ideal Customer Profile from a company's own customer data.
// Run `icp help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// icp's heap is mostly long-lived (the table, the conditions tested), so the
		// collector's default of letting the heap grow to twice the live data buys
		// little speed for its memory: at 50, a 1M-row derive peaks at about 520 MB
		// instead of 620 MB in the same time (README, Performance). GOGC overrides it.
		debug.SetGCPercent(50)
	}
	os.Exit(mainRun(os.Args[1:], newEnv()))
}

// mainRun runs one command line under a context that the first SIGINT or SIGTERM
// cancels (see interrupts) and returns the exit status.
func mainRun(args []string, e env) int {
	ctx, stop := interrupts(context.Background())
	defer stop()
	return run(ctx, args, e)
}

// interruptedBy is the cause of a context cancelled by a signal.
type interruptedBy struct{ sig os.Signal }

func (i interruptedBy) Error() string { return i.sig.String() + " received" }

// interrupts returns a context cancelled by the first SIGINT or SIGTERM, with an
// interruptedBy as its cause, and a function that stops listening. It is
// signal.NotifyContext keeping which signal arrived (the exit status tells SIGINT from
// SIGTERM), and it restores the signals' default action after the first: the run
// stops at its next check and leaves its outputs untouched, and a second Ctrl-C ends
// the process at once.
func interrupts(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-ch:
			cancel(interruptedBy{s})
			signal.Stop(ch)
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(context.Canceled)
	}
}
