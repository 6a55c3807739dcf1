/**
 * Event photos: upload checks by content, metadata stripping, thumbnails, storage behind {@link io.eventflow.media.PhotoStore}.
 */
@NullMarked
package io.eventflow.media;

import org.jspecify.annotations.NullMarked;
