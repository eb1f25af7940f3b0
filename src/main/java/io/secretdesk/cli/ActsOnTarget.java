package io.secretdesk.cli;

/**
 * A verb with a remote equivalent: it acts on the target chosen with {@code --server NAME} or {@code SECRETDESK_SERVER}
 * (a SimpleTuner server), else on this machine's files. Any other verb refuses {@code --server}.
 */
interface ActsOnTarget {
}
