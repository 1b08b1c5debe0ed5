/**
 * The misbehaving module and its provider; nothing is exported, the runtime reaches the module
 * through {@link org.sofj.plugins.misbehaving.internal.MisbehavingProvider}.
 */
package org.sofj.plugins.misbehaving.internal;
