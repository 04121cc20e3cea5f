//! Linking replayed in memory, without the store: each item matched against the index
//! and added to the story it joins or founds, as the pipeline records it. Decisions are
//! the pipeline's (the table checks the store's figures); this is what makes a
//! threshold or an ablation search take seconds rather than minutes.

use std::collections::HashMap;
use storywatch::matcher::{self, Decision, MatchParams, StoryIndex};
use storywatch::model::{ItemId, Story, StoryId};
use storywatch::replay;

/// One item played: its id, its story, its linking score when it joined one, the
/// sentences logged as its new claims, and each sentence with its novelty.
pub struct Played {
    pub item: String,
    pub story: String,
    pub score: Option<f64>,
    pub claims: Vec<String>,
    pub novelty: Vec<(String, f64)>,
}

/// Plays stream lines in order.
pub fn play<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    params: &MatchParams,
) -> anyhow::Result<Vec<Played>> {
    let mut index = StoryIndex::new();
    let mut stories: HashMap<StoryId, Story> = HashMap::new();
    let mut clock = chrono::Utc::now();
    let mut out = Vec::new();
    for line in lines {
        let (item, at, article) = replay::read_stream_line(line, clock)?;
        clock = at;
        let (story_id, sentences, score) = match matcher::match_article(&index, &article, params) {
            Decision::Linked {
                story,
                score,
                sentences,
            } => (story, sentences, Some(score)),
            Decision::Found { title, sentences } => {
                (found(&mut stories, &item, title), sentences, None)
            }
            Decision::Unmatched { .. } => {
                let (title, sentences) = matcher::founding(&article, params);
                (found(&mut stories, &item, title), sentences, None)
            }
        };
        let claims = sentences
            .iter()
            .filter(|v| v.is_new_claim())
            .map(|v| v.text.clone())
            .collect();
        let novelty = sentences
            .iter()
            .map(|v| (v.text.clone(), v.novelty))
            .collect();
        let story = stories.get_mut(&story_id).expect("a story held");
        story.add_item(
            &item,
            article.title.as_deref(),
            sentences.into_iter().map(|v| v.text),
            article.published,
        );
        index.upsert(story.clone());
        index.rest_quiet(params.rest_after_days);
        out.push(Played {
            item: item.0,
            story: story_id.0,
            score,
            claims,
            novelty,
        });
    }
    Ok(out)
}

fn found(stories: &mut HashMap<StoryId, Story>, item: &ItemId, title: String) -> StoryId {
    let id = StoryId(format!("story-{}", stories.len() + 1));
    stories.insert(
        id.clone(),
        Story {
            id: id.clone(),
            title,
            founded_by: item.clone(),
            ..Story::default()
        },
    );
    id
}
