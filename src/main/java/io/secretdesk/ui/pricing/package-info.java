/** The Hardware Pricing view: the editable table of GPU types and their cost per second, saved through HardwareInfo. */
package io.secretdesk.ui.pricing;
