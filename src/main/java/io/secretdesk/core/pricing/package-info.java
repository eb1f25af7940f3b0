/**
 * Hardware pricing: the GPU types a provider bills for and their cost, stored in the provider's config
 * with the seed's defaults.
 */
package io.secretdesk.core.pricing;
