//go:build tools

// Package tools keeps the controller's packages in this module's go.sum (go mod tidy), so that
// `go build github.com/argoproj/argo-rollouts/cmd/rollouts-controller` works with -mod=readonly.
package tools

import _ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
