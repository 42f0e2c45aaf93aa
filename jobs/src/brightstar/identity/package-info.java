/**
 * Identity resolution: which records of the four silos belong to which customer (the identity
 * graph, deterministic and fuzzy matching with blocking, stable ids, evaluation against a
 * truth). The rules and thresholds are in {@code brightstar.identity} (conf/brightstar.conf);
 * the method is in docs/identity.md.
 */
package brightstar.identity;
