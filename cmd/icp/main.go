// Command icp derives an Ideal Customer Profile from a company's own customer data.
// Run `icp help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], newEnv())
	stop()
	os.Exit(code)
}
