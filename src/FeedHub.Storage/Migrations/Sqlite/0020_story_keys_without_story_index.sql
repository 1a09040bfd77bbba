-- story_keys' story_id index: no query reads keys by story but an admin's merge, which now finds
-- them through the removed story's items (items.story_id is indexed, and a key's story is always
-- its item's). Every posting of a new item landed in this B-tree too, at a random leaf when the item
-- joined an older story: those pages were written by the poll's COMMIT and again at the checkpoint.
DROP INDEX ix_story_keys_story_id;
